package org.diffncut.eval;

import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line (RFC 4180 quoting, no line breaks inside fields). */
final class Csv {
	private Csv() {}

	static List<String> split(String line) {
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char ch = line.charAt(i);
			if (quoted) {
				if (ch != '"') field.append(ch);
				else if (i + 1 < line.length() && line.charAt(i + 1) == '"') field.append(line.charAt(++i));
				else quoted = false;
			}
			else if (ch == '"') quoted = true;
			else if (ch == ',') {
				fields.add(field.toString());
				field.setLength(0);
			}
			else field.append(ch);
		}
		fields.add(field.toString());
		return fields;
	}
}

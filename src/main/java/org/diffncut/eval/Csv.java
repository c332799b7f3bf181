package org.diffncut.eval;

import java.util.ArrayList;
import java.util.List;

/** CSV fields (RFC 4180 quoting, no line breaks inside fields). */
public final class Csv {
	private Csv() {}

	/** {@code field} as written in a CSV line: quoted if it holds a comma or quote, line breaks as spaces. */
	public static String quote(String field) {
		String f = field.replaceAll("[\r\n]+", " ");
		return f.contains(",") || f.contains("\"") ? "\"" + f.replace("\"", "\"\"") + "\"" : f;
	}

	/** Splits one CSV line. */
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

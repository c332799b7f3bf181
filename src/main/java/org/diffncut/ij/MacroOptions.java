package org.diffncut.ij;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The options text of one macro call, {@code run("Diffusion NCut Segmentation", "model=[a b] stop=... rois")}, as
 * key → value. A boolean key may stand alone (ImageJ 1.x recordings: present means true) or carry
 * {@code =true}/{@code =false} (SciJava recordings); a key that is absent is absent, so that it takes its documented
 * default rather than ImageJ 1.x's "absent checkbox means off". A misspelt key fails instead of being ignored:
 * a macro must mean the same thing every time it runs.
 */
public final class MacroOptions {
	private MacroOptions() {}

	/**
	 * Parses {@code options} (null or blank: no options).
	 *
	 * @param keys the keys the command knows
	 * @param booleans those of {@code keys} that are on/off; their values come back as "true" or "false"
	 * @throws IllegalArgumentException naming an unknown or repeated key, or a bad boolean or bracket
	 */
	public static Map<String, String> parse(String options, Collection<String> keys, Set<String> booleans) {
		Map<String, String> values = new LinkedHashMap<>();
		String s = options == null ? "" : options;
		int i = 0, n = s.length();
		while (true) {
			while (i < n && Character.isWhitespace(s.charAt(i))) i++;
			if (i == n) return values;
			int start = i;
			while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) i++;
			String key = s.substring(start, i);
			String value = null;
			if (i < n && s.charAt(i) == '=') {
				i++;
				if (i < n && s.charAt(i) == '[') {
					int close = s.indexOf(']', i);
					if (close < 0) throw new IllegalArgumentException(key + ": '[' without ']' in \"" + s + "\"");
					value = s.substring(i + 1, close);
					i = close + 1;
				}
				else {
					int end = i;
					while (end < n && !Character.isWhitespace(s.charAt(end))) end++;
					value = s.substring(i, end);
					i = end;
				}
			}
			if (!keys.contains(key)) throw new IllegalArgumentException("unknown option '" + key + "': the options " +
				"are " + String.join(", ", keys));
			if (values.containsKey(key)) throw new IllegalArgumentException("option " + key + " is given twice");
			if (booleans.contains(key)) {
				if (value == null) value = "true";
				else if (!value.equals("true") && !value.equals("false")) throw new IllegalArgumentException(key + "=" +
					value + ": give " + key + " alone (on), " + key + "=true or " + key + "=false");
			}
			else if (value == null) throw new IllegalArgumentException("option " + key + " needs a value: " + key +
				"=...");
			values.put(key, value);
		}
	}
}

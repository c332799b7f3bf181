package org.diffncut.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Macro options as ImageJ 1.x and SciJava recorders write them, read to the same values. */
class MacroOptionsTest {
	private static Map<String, String> parse(String options) {
		return MacroOptions.parse(options, Opt.DEFAULTS.keySet(), Opt.BOOLEANS);
	}

	@Test
	void bareAndExplicitBooleansMeanTheSame() {
		Map<String, String> ij1 = parse("model=[/a b/c] stop=[fixed NCut threshold] threshold=0.40 rois ");
		Map<String, String> scijava = parse("model=[/a b/c] stop=[fixed NCut threshold] threshold=0.40 rois=true");
		Map<String, String> expected = new LinkedHashMap<>();
		expected.put("model", "/a b/c");
		expected.put("stop", "fixed NCut threshold");
		expected.put("threshold", "0.40");
		expected.put("rois", "true");
		assertEquals(expected, ij1);
		assertEquals(expected, scijava);
		assertEquals("false", parse("overlay=false").get("overlay"));
	}

	@Test
	void absentKeysStayAbsentSoThatTheyTakeTheirDefault() {
		assertEquals(Map.of(), parse(null));
		assertEquals(Map.of(), parse("  "));
		Settings s = Settings.of(parse("steps=2"));
		assertEquals(Opt.ROIS_DEFAULT, s.rois(), "an omitted checkbox is its default, not off");
		assertEquals(Opt.CONSISTENT_DEFAULT, s.consistent());
		assertEquals(2, s.cut().steps());
	}

	@Test
	void settingsWrittenAsMacroTextReadBackEqual() {
		Settings s = Settings.of(parse("model=[/x y] rois=false consistent overlay steps=3 stop=[MAN-C with scaled min-cut]"));
		assertEquals(s.values(), Settings.of(parse(s.macroOptions())).values());
		assertTrue(s.macroOptions().contains("rois=false"), s.macroOptions());
	}

	@Test
	void mistakesNameTheKey() {
		assertEquals("unknown option 'treshold': the options are " + String.join(", ", Opt.DEFAULTS.keySet()),
			assertThrows(IllegalArgumentException.class, () -> parse("treshold=0.5")).getMessage());
		assertEquals("rois=yes: give rois alone (on), rois=true or rois=false",
			assertThrows(IllegalArgumentException.class, () -> parse("rois=yes")).getMessage());
		assertEquals("option steps is given twice",
			assertThrows(IllegalArgumentException.class, () -> parse("steps=1 steps=2")).getMessage());
		assertEquals("option steps needs a value: steps=...",
			assertThrows(IllegalArgumentException.class, () -> parse("steps")).getMessage());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("model=[abc")).getMessage()
			.startsWith("model: '[' without ']'"));
	}
}

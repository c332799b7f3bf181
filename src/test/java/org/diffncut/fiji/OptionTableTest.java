package org.diffncut.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.diffncut.cli.DiffNCut;
import org.diffncut.ij.Opt;
import org.diffncut.ij.Settings;
import org.junit.jupiter.api.Test;
import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;

import picocli.CommandLine.Model.CommandSpec;

/**
 * The one table of options ({@link Opt}) against everything that shows an option: the SciJava inputs (name, default,
 * choices, range, persistence), the ImageJ 1.x keys ({@link Settings} reads exactly the table's keys) and the CLI's
 * defaults for the options it shares.
 */
class OptionTableTest {
	@Test
	void everySciJavaInputIsATableOptionWithItsDefaultChoicesAndRange() throws Exception {
		SegmentCommand command = new SegmentCommand();
		List<String> inputs = new ArrayList<>();
		for (Field f : SegmentationCommand.class.getDeclaredFields()) {
			Parameter p = f.getAnnotation(Parameter.class);
			if (p == null || p.type() != ItemIO.INPUT || f.getType().getName().startsWith("org.scijava") || f.getType()
				.getName().startsWith("org.diffncut.fiji.DiffusionNCutService")) continue;
			assertEquals(false, p.persist(), f.getName() + " must not persist between runs");
			if (f.getName().equals("input")) continue;
			inputs.add(f.getName());
			f.setAccessible(true);
			Object v = f.get(command);
			assertEquals(Opt.DEFAULTS.get(f.getName()), v instanceof Double ? Opt.number((Double) v) : String.valueOf(v),
				f.getName() + "'s default");
			List<String> choices = Opt.choices(f.getName());
			assertArrayEquals(choices == null ? new String[0] : choices.toArray(new String[0]), p.choices(), f
				.getName() + "'s choices");
			if (!p.min().isEmpty()) {
				assertDoesNotThrow(() -> Settings.of(Map.of(f.getName(), p.min())), f.getName() + "=" + p.min());
				assertDoesNotThrow(() -> Settings.of(Map.of(f.getName(), p.max())), f.getName() + "=" + p.max());
				double step = f.getType() == int.class ? 1 : 0.01;
				assertThrows(IllegalArgumentException.class, () -> Settings.of(Map.of(f.getName(), Opt.number(Double
					.parseDouble(p.max()) + step))), f.getName() + " above its widget's max");
			}
		}
		assertEquals(new ArrayList<>(Opt.DEFAULTS.keySet()), inputs, "the SciJava inputs are the table's, in order");
		assertEquals(Settings.defaults().values(), command.settings().values(), "settings() maps every field");
	}

	@Test
	void theCliSharesTheTablesDefaults() {
		CommandSpec segment = DiffNCut.commandLine(new DiffNCut()).getSubcommands().get("segment").getCommandSpec();
		String[][] shared = { { "--resolution", Opt.RESOLUTION }, { "--timestep", Opt.TIMESTEP }, { "--steps", Opt.STEPS },
			{ "--inversion-steps", Opt.INVERSION_STEPS }, { "--graph", Opt.GRAPH }, { "--device", Opt.DEVICE },
			{ "--fit", Opt.FIT }, { "--layers", Opt.LAYERS } };
		for (String[] s : shared) {
			assertNotNull(segment.findOption(s[0]), s[0]);
			assertEquals(Opt.DEFAULTS.get(s[1]), segment.findOption(s[0]).defaultValue(), s[0] + " vs " + s[1]);
		}
	}
}

package org.diffncut.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.diffncut.cli.DiffNCut;
import org.diffncut.ij.Opt;
import org.diffncut.ij.Settings;
import org.diffncut.model.WorkingImage;
import org.diffncut.volume.Modality;
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
		List<String> inputs = inputs(SegmentationCommand.class, command, Opt.DEFAULTS, Settings::of);
		assertEquals(new ArrayList<>(Opt.DEFAULTS.keySet()), inputs, "the SciJava inputs are the table's, in order");
		assertEquals(Settings.defaults().values(), command.settings().values(), "settings() maps every field");
	}

	/** The batch's own inputs beside the folders: the table's batch options, recorded with the others. */
	@Test
	void theBatchInputsAreTheTablesBatchOptions() throws Exception {
		BatchCommand command = new BatchCommand();
		List<String> inputs = inputs(BatchCommand.class, command, Opt.BATCH_DEFAULTS, Settings::forBatch);
		inputs.removeAll(List.of(Opt.INPUT_FOLDER, Opt.OUTPUT_FOLDER, Opt.OVERWRITE));
		assertEquals(new ArrayList<>(Opt.BATCH_DEFAULTS.keySet()), inputs, "the batch's inputs are the table's");
		Settings settings = command.settings();
		assertEquals(Settings.forBatch(key -> null).values(), settings.values(), "settings() maps every field");
		assertTrue(settings.macroOptions().endsWith("modalities=flair,t1ce,t2 axis=2"), settings.macroOptions());
		assertEquals(List.of(Modality.FLAIR, Modality.T1CE, Modality.T2), settings.modalities());
		assertEquals("modalities: unknown BraTS modality 'dwi': use flair, t1ce, t2, t1 (or the 2023 names t2f, t1c, " +
			"t2w, t1n)", assertThrows(IllegalArgumentException.class, () -> Settings.forBatch(Map.of(Opt.MODALITIES,
				"flair,dwi")::get)).getMessage());
	}

	/**
	 * The inputs {@code type} declares (the image and the folders aside): each must not persist, and a field of
	 * {@code table} must start from its default, offer its choices and accept its widget's range.
	 */
	private static List<String> inputs(Class<?> type, Object command, Map<String, String> table,
		Function<Function<String, String>, Settings> settings) throws Exception
	{
		List<String> inputs = new ArrayList<>();
		for (Field f : type.getDeclaredFields()) {
			Parameter p = f.getAnnotation(Parameter.class);
			if (p == null || p.type() != ItemIO.INPUT || f.getType().getName().startsWith("org.scijava") || f.getType()
				.getName().startsWith("org.diffncut.fiji.DiffusionNCutService")) continue;
			assertEquals(false, p.persist(), f.getName() + " must not persist between runs");
			if (f.getName().equals("input")) continue;
			inputs.add(f.getName());
			if (!table.containsKey(f.getName())) continue;
			f.setAccessible(true);
			Object v = f.get(command);
			assertEquals(table.get(f.getName()), v instanceof Double ? Opt.number((Double) v) : String.valueOf(v),
				f.getName() + "'s default");
			List<String> choices = Opt.choices(f.getName());
			assertArrayEquals(choices == null ? new String[0] : choices.toArray(new String[0]), p.choices(), f
				.getName() + "'s choices");
			if (!p.min().isEmpty()) {
				assertDoesNotThrow(() -> settings.apply(Map.of(f.getName(), p.min())::get), f.getName() + "=" + p.min());
				assertDoesNotThrow(() -> settings.apply(Map.of(f.getName(), p.max())::get), f.getName() + "=" + p.max());
				double step = f.getType() == int.class ? 1 : 0.01;
				assertThrows(IllegalArgumentException.class, () -> settings.apply(Map.of(f.getName(), Opt.number(Double
					.parseDouble(p.max()) + step))::get), f.getName() + " above its widget's max");
			}
		}
		return inputs;
	}

	@Test
	void theCliSharesTheTablesDefaults() {
		CommandSpec segment = DiffNCut.commandLine(new DiffNCut()).getSubcommands().get("segment").getCommandSpec();
		CommandSpec brats = DiffNCut.commandLine(new DiffNCut()).getSubcommands().get("brats").getCommandSpec();
		String[][] shared = { { "--resolution", Opt.RESOLUTION }, { "--timestep", Opt.TIMESTEP }, { "--steps", Opt.STEPS },
			{ "--inversion-steps", Opt.INVERSION_STEPS }, { "--graph", Opt.GRAPH }, { "--device", Opt.DEVICE },
			{ "--layers", Opt.LAYERS }, { "--window", Opt.WINDOW }, { "--axis", Opt.AXIS } };
		for (String[] s : shared) {
			assertNotNull(segment.findOption(s[0]), s[0]);
			assertEquals(Settings.forBatch(key -> null).get(s[1]), segment.findOption(s[0]).defaultValue(), s[0] +
				" vs " + s[1]);
		}
		assertEquals(Opt.MODALITIES_DEFAULT, brats.findOption("--modalities").defaultValue());
		// fit=auto is the command line's default: --fit crop for images, and pad for volume slices unless --fit is given
		assertEquals("crop", segment.findOption("--fit").defaultValue());
		assertEquals(WorkingImage.Fit.CROP, Settings.defaults().attention().fit());
		assertEquals(WorkingImage.Fit.PAD, Settings.defaults().sliceAttention().fit());
		assertEquals(WorkingImage.Fit.CROP, Settings.of(Map.of(Opt.FIT, "crop")).sliceAttention().fit());
	}
}

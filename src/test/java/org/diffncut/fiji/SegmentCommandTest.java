package org.diffncut.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.diffncut.Fixtures;
import org.diffncut.cli.CliRun;
import org.diffncut.cli.VolumeCommandsTest;
import org.diffncut.nifti.Nifti;
import org.diffncut.nifti.NiftiVolume;
import org.diffncut.ij.Opt;
import org.diffncut.ij.Settings;
import org.diffncut.ij.TestImages;
import org.junit.jupiter.api.Test;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Cancelable;
import org.scijava.app.event.StatusEvent;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.event.EventSubscriber;
import org.scijava.log.LogListener;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.process.ImageProcessor;
import ij.process.ImageStatistics;

/**
 * The SciJava command run as Fiji runs it (CommandService, pre- and post-processing) on the tiny fixture model at
 * 128 px, on every kind of ImagePlus. References: the input's own size and calibration, and the label image's
 * own pixels (the segment count is the number of distinct labels).
 */
class SegmentCommandTest {
	static Context context;

	@BeforeAll
	static void start() {
		context = new Context();
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	/**
	 * Options for the tiny model: 128 px, its 16,8,4 grids, and MAN-C with min-cut, which cuts its random-weight
	 * attention into a few segments (MAN-C with NCut keeps it whole; every NCut threshold up to 0.95 gives 1
	 * segment, 1.0 gives 256 single cells).
	 */
	static Map<String, Object> tinyOptions() {
		Map<String, Object> in = new HashMap<>();
		Settings.defaults().values().forEach(in::put);
		in.put(Opt.MODEL, Fixtures.tinySd14().resolve("model").toString());
		in.put(Opt.DEVICE, "cpu");
		in.put(Opt.RESOLUTION, 128);
		in.put(Opt.RESOLUTIONS, "16,8,4");
		in.put(Opt.STOP, Opt.STOP_MANC_MINCUT);
		in.put(Opt.THRESHOLD, 1.0);
		in.put(Opt.STEPS, 1);
		in.put(Opt.TIMESTEP, 300);
		in.put(Opt.INVERSION_STEPS, 0);
		in.put(Opt.RECUT_RANGE, 0);
		in.put(Opt.CONSISTENT, true);
		in.put(Opt.ROIS, true);
		in.put(Opt.OVERLAY, true);
		return in;
	}

	static CommandModule run(Class<? extends org.scijava.command.Command> command, Map<String, Object> inputs) {
		try {
			return context.service(CommandService.class).run(command, true, inputs).get();
		}
		catch (Exception e) {
			throw new AssertionError(e);
		}
	}

	static Stream<Arguments> images() {
		return Stream.of(Arguments.of("RGB", (Supplier<ImagePlus>) TestImages::rgb),
			Arguments.of("8-bit", (Supplier<ImagePlus>) TestImages::gray8),
			Arguments.of("16-bit", (Supplier<ImagePlus>) TestImages::gray16),
			Arguments.of("32-bit with NaN", (Supplier<ImagePlus>) TestImages::gray32WithNonFinite),
			Arguments.of("composite", (Supplier<ImagePlus>) TestImages::composite),
			Arguments.of("stack", (Supplier<ImagePlus>) TestImages::stack));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("images")
	void segmentsEveryKindOfImage(String kind, Supplier<ImagePlus> image) {
		ImagePlus input = image.get();
		Object before = pixelsCopy(input);
		Map<String, Object> in = tinyOptions();
		in.put("input", input);
		CommandModule module = run(SegmentCommand.class, in);
		assertFalse(module.isCanceled(), () -> module.getCancelReason());

		ImagePlus labels = (ImagePlus) module.getOutput("labels");
		assertNotNull(labels);
		assertEquals(input.getTitle().replaceFirst("\\.[a-z]+$", "") + "-labels", labels.getTitle());
		assertEquals(16, labels.getBitDepth());
		assertArrayEquals(new int[] { input.getWidth(), input.getHeight(), 1, input.getNSlices(), input.getNFrames() },
			labels.getDimensions());
		assertEquals(input.getCalibration().pixelWidth, labels.getCalibration().pixelWidth);
		assertEquals(input.getCalibration().pixelHeight, labels.getCalibration().pixelHeight);
		assertEquals(input.getCalibration().getUnit(), labels.getCalibration().getUnit());

		// each plane's labels: one ROI per distinct label, labels 0..count-1 within a plane unless tracked
		int rois = 0;
		for (int s = 1; s <= labels.getStackSize(); s++) {
			ImageProcessor ip = labels.getStack().getProcessor(s);
			int distinct = TestImages.distinct((short[]) ip.getPixels());
			assertTrue(distinct >= 2, "several segments expected from MAN-C with min-cut, got " + distinct);
			if (labels.getStackSize() == 1) assertEquals(distinct - 1, (int) ImageStatistics.getStatistics(ip).max);
			rois += distinct;
		}
		Overlay overlay = input.getOverlay();
		assertNotNull(overlay, "overlay asked for");
		assertEquals(rois, overlay.size());
		for (Roi roi : overlay.toArray()) assertTrue(roi.getName().matches("(slice-\\d+-)?segment-\\d+"), roi.getName());
		assertTrue(equalPixels(before, pixelsCopy(input)), "the input's pixels changed");
	}

	/**
	 * Scripts that hold ImgLib2 images: an ARGB image and a stack of gray planes in, an {@code Img} of labels out,
	 * equal to the labels the same pixels give as an ImagePlus.
	 */
	@Test
	void imgLib2InAndOutGivesTheLabelsOfTheImagePlus() {
		ImagePlus rgb = TestImages.rgb(), stack = TestImages.stack();
		int side = rgb.getWidth();
		RandomAccessibleInterval<?> argb = ArrayImgs.argbs((int[]) rgb.getProcessor().getPixels(), side, side);
		byte[] planes = new byte[side * side * 2];
		for (int s = 0; s < 2; s++) System.arraycopy((byte[]) stack.getStack().getPixels(s + 1), 0, planes, s * side *
			side, side * side);
		RandomAccessibleInterval<?> gray = ArrayImgs.unsignedBytes(planes, side, side, 2);
		for (Object[] c : new Object[][] { { argb, rgb }, { gray, stack } }) {
			Map<String, Object> in = tinyOptions();
			in.put(Opt.OVERLAY, false);
			in.put("image", c[0]);
			CommandModule viaImg = run(SegmentCommand.class, in);
			assertFalse(viaImg.isCanceled(), () -> viaImg.getCancelReason());
			in.remove("image");
			in.put("input", c[1]);
			ImagePlus reference = (ImagePlus) run(SegmentCommand.class, in).getOutput("labels");
			@SuppressWarnings("unchecked")
			Img<UnsignedShortType> labels = (Img<UnsignedShortType>) viaImg.getOutput("label_image");
			assertArrayEquals(Intervals.dimensionsAsLongArray((RandomAccessibleInterval<?>) c[0]), Intervals
				.dimensionsAsLongArray(labels));
			Cursor<UnsignedShortType> cursor = Views.flatIterable(labels).cursor();
			for (int s = 1; s <= reference.getStackSize(); s++)
				for (short v : (short[]) reference.getStack().getPixels(s)) assertEquals(v & 0xffff, cursor.next().get());
		}
	}

	/**
	 * Issue 10: a NIfTI volume opened as a stack (titled by its file, as Fiji's readers do) is segmented with the
	 * command line's background rule by default: its label stack equals, voxel for voxel, the label volume
	 * {@code diffncut segment} writes for the file (0 only where the volume is 0, the empty slice without a model
	 * pass, ids consistent along the stack), and no ROI is made for the background. background=zero applies the
	 * rule to any stack; background=none turns it off.
	 */
	@Test
	void aNiftiStackFollowsTheCommandLinesBackgroundRule(@TempDir Path dir) throws Exception {
		Path file = VolumeCommandsTest.write(dir.resolve("vol.nii.gz"), VolumeCommandsTest.volume(1),
			VolumeCommandsTest.NZ), cli = dir.resolve("cli.nii.gz");
		CliRun run = CliRun.of("segment", "--model", Fixtures.tinySd14().resolve("model").toString(), "--device", "cpu",
			"--resolution", "128", "--resolutions", "16,8,4", "--stop", "manc-mincut", "--image", file.toString(), "--out",
			cli.toString());
		assertEquals(0, run.code, run::toString);
		double[] expected = Nifti.read(cli).values();

		List<String> log = new ArrayList<>();
		LogListener listener = m -> log.add(m.text());
		context.service(LogService.class).addLogListener(listener);
		try {
			ImagePlus fromNifti = stack(Nifti.read(file), "vol.nii.gz");
			ImagePlus labels = labels(fromNifti, Opt.AUTO);
			for (int z = 0, v = 0; z < labels.getStackSize(); z++)
				for (short id : (short[]) labels.getStack().getPixels(z + 1)) assertEquals(expected[v++], id & 0xffff,
					"voxel " + (v - 1));
			assertTrue(log.contains("vol.nii.gz: background (0 in every channel) is label 0; 2 segments in 3 of 4 " +
				"slices (the others have no foreground and had no model pass)"), String.join("\n", log));
			for (Roi roi : fromNifti.getOverlay().toArray()) assertFalse(roi.getName().endsWith("-segment-0"), roi
				.getName());
			assertEquals(2 * 3, fromNifti.getOverlay().size(), "one ROI per foreground id and slice");

			ImagePlus tif = stack(Nifti.read(file), "vol.tif");
			ImagePlus zero = labels(tif, Opt.BACKGROUND_ZERO);
			for (int z = 1; z <= labels.getStackSize(); z++)
				assertArrayEquals((short[]) labels.getStack().getPixels(z), (short[]) zero.getStack().getPixels(z));
			log.clear();
			labels(tif, Opt.AUTO);
			labels(fromNifti, Opt.BACKGROUND_NONE);
			assertEquals(List.of(), log.stream().filter(l -> l.contains("background")).collect(Collectors.toList()),
				"no background rule for a TIFF on auto, nor when turned off");
		}
		finally {
			context.service(LogService.class).removeLogListener(listener);
		}
	}

	/** The labels the command gives {@code imp} with {@code background}. */
	private static ImagePlus labels(ImagePlus imp, String background) {
		Map<String, Object> in = tinyOptions();
		in.put("input", imp);
		in.put(Opt.BACKGROUND, background);
		CommandModule m = run(SegmentCommand.class, in);
		assertFalse(m.isCanceled(), m::getCancelReason);
		return (ImagePlus) m.getOutput("labels");
	}

	/** {@code v} as a 16-bit stack titled {@code title}, voxel (x, y, z) at pixel (x, y) of slice z + 1. */
	static ImagePlus stack(NiftiVolume v, String title) {
		ImageStack stack = new ImageStack(v.nx(), v.ny());
		for (int z = 0; z < v.nz(); z++) {
			short[] plane = new short[v.nx() * v.ny()];
			for (int i = 0; i < plane.length; i++) plane[i] = (short) v.values()[z * plane.length + i];
			stack.addSlice(new ij.process.ShortProcessor(v.nx(), v.ny(), plane, null));
		}
		return new ImagePlus(title, stack);
	}

	@Test
	void cancelMidStackLeavesNoOutput() throws Exception {
		ImagePlus input = TestImages.stack();
		Map<String, Object> in = tinyOptions();
		in.put("input", input);
		in.put(Opt.OVERLAY, true);
		Module module = runCanceledAt(SegmentCommand.class, in, "slice 2/2", new ArrayList<>());
		assertTrue(((Cancelable) module).isCanceled());
		assertNull(module.getOutput("labels"), "no label image");
		assertNull(input.getOverlay(), "no overlay");
	}

	/**
	 * Runs {@code command} and cancels it as a user pressing Cancel would, when the status bar first shows
	 * {@code status}; every status shown goes to {@code statuses}.
	 */
	static Module runCanceledAt(Class<? extends org.scijava.command.Command> command, Map<String, Object> in,
		String status, List<String> statuses) throws Exception
	{
		ModuleService modules = context.service(ModuleService.class);
		Module module = modules.createModule(context.service(CommandService.class).getCommand(command));
		Object listener = new Object() {
			@EventHandler
			void onStatus(StatusEvent e) {
				String shown = e.getStatusMessage();
				if (shown == null) return;
				statuses.add(shown);
				if (shown.contains(status)) ((Cancelable) module).cancel("canceled by the test");
			}
		};
		EventService events = context.service(EventService.class);
		List<EventSubscriber<?>> subscribers = events.subscribe(listener);
		try {
			modules.run(module, true, in).get();
		}
		finally {
			events.unsubscribe(subscribers);
		}
		return module;
	}

	@Test
	void modelFolderMissingAFileGivesAClearMessage(@TempDir Path dir) throws IOException {
		Path model = dir.resolve("model");
		Path source = Fixtures.tinySd14().resolve("model");
		try (Stream<Path> files = Files.walk(source)) {
			for (Path f : files.collect(Collectors.toList())) {
				Path to = model.resolve(source.relativize(f).toString());
				if (Files.isDirectory(f)) Files.createDirectories(to);
				else if (!f.getFileName().toString().equals("diffusion_pytorch_model.safetensors") || !f.getParent()
					.getFileName().toString().equals("vae")) Files.copy(f, to);
			}
		}
		Map<String, Object> in = tinyOptions();
		in.put("input", TestImages.rgb());
		in.put(Opt.MODEL, model.toString());
		CommandModule m = run(SegmentCommand.class, in);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("vae"), m.getCancelReason());
		assertNull(m.getOutput("labels"));
	}

	@Test
	void tooSmallImageGivesAClearMessage() {
		Map<String, Object> in = tinyOptions();
		in.put("input", new ImagePlus("dot", new ij.process.ByteProcessor(1, 1)));
		CommandModule m = run(SegmentCommand.class, in);
		assertEquals("Diffusion NCut: dot is 1x1 px: Diffusion NCut needs at least 8x8; scale it up (Image > Scale) " +
			"or pick a larger image", m.getCancelReason());
	}

	@Test
	void badOptionNamesItself() {
		Map<String, Object> in = tinyOptions();
		in.put("input", TestImages.rgb());
		in.put(Opt.CHANNELS, "1,2,3,4");
		assertEquals("Diffusion NCut: channels: '1,2,3,4' lists 4 channels: give at most three (shown as red, green, " +
			"blue)", run(SegmentCommand.class, in).getCancelReason());
		in.put("input", TestImages.gray8());
		in.put(Opt.CHANNELS, "2");
		assertEquals("Diffusion NCut: channels: the image has 1 channel, there is no channel 2",
			run(SegmentCommand.class, in).getCancelReason());
	}

	static Object pixelsCopy(ImagePlus imp) {
		Object[] planes = new Object[imp.getStackSize()];
		for (int i = 0; i < planes.length; i++) planes[i] = imp.getStack().getProcessor(i + 1).duplicate().getPixels();
		return planes;
	}

	static boolean equalPixels(Object a, Object b) {
		return Objects.deepEquals(a, b);
	}

}

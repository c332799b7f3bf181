package org.diffncut.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.diffncut.Fixtures;
import org.diffncut.ij.Opt;
import org.diffncut.ij.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.Named;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.console.ConsoleService;
import org.scijava.display.AbstractDisplay;
import org.scijava.object.ObjectService;
import org.scijava.log.LogService;
import org.scijava.startup.StartupService;

import ij.io.FileSaver;
import ij.ImagePlus;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.util.Intervals;
import net.imglib2.view.IntervalView;
import net.imglib2.view.Views;

/**
 * ImageJ's console {@code --run} of our commands ({@link ConsoleRun}), in a headless context of its own, as
 * {@code ImageJ --headless --open picture.png --run "Diffusion NCut Segmentation" "..."} runs it; and an ImageJ2
 * image with axis types, the shape Fiji gives an opened RGB picture (X,Y,Channel). References: the labels the same
 * pixels give as an ImagePlus, and the exit codes the console run asked for.
 */
class ConsoleRunTest {
	private Context context;
	private final List<Integer> exits = new ArrayList<>();
	private final List<String> log = new ArrayList<>();

	@BeforeEach
	void start() {
		context = new Context();
		ConsoleRun.exit = exits::add;
		context.service(LogService.class).addLogListener(m -> log.add(m.text()));
	}

	@AfterEach
	void stop() {
		ConsoleRun.exit = System::exit;
		context.dispose();
	}

	/** The tiny model at 128 px, as --run options. */
	private static String options(String... more) {
		List<String> o = new ArrayList<>(Arrays.asList("model='" + Fixtures.tinySd14().resolve("model") + "'",
			"device='cpu'", "resolution=128", "resolutions='16,8,4'", "stop='" + Opt.STOP_MANC_MINCUT + "'",
			"recut_range=0"));
		o.addAll(Arrays.asList(more));
		return String.join(", ", o);
	}

	private void consoleRun(String... args) {
		context.service(ConsoleService.class).processArgs(args);
		context.service(StartupService.class).executeOperations();
	}

	/**
	 * What {@code --open} leaves: a display showing a view of the image, whose {@code getData()} is the image (as
	 * ImageJ2's DatasetView answers; plain SciJava has no display for images).
	 */
	private void open(RandomAccessibleInterval<?> image) {
		AbstractDisplay<Object> display = new AbstractDisplay<Object>(Object.class) {};
		display.setContext(context);
		display.add(new View(image));
		context.service(ObjectService.class).addObject(display);
	}

	public static final class View {
		private final RandomAccessibleInterval<?> data;

		View(RandomAccessibleInterval<?> data) {
			this.data = data;
		}

		public RandomAccessibleInterval<?> getData() {
			return data;
		}
	}

	/** The picture as Fiji opens an RGB PNG: 8-bit X,Y,Channel with axis types, named after its file. */
	private static RandomAccessibleInterval<UnsignedByteType> dataset() {
		int side = TestImages.SIDE;
		byte[] v = new byte[side * side * 3];
		for (int c = 0; c < 3; c++) {
			int[] channel = TestImages.channel(c);
			for (int i = 0; i < channel.length; i++) v[c * side * side + i] = (byte) channel[i];
		}
		Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(v, side, side, 3);
		return new AxesImage<>(img, "picture.png", "X", "Y", "Channel");
	}

	@Test
	void theMenuTitleRunsOurCommandOnTheOpenedImage() {
		open(dataset());
		consoleRun("--run", "Diffusion NCut Segmentation", options());
		assertEquals(List.of(), exits, String.join("\n", log));
		String done = log.stream().filter(l -> l.startsWith("Diffusion NCut: picture.png: ")).findFirst().orElse("");
		assertTrue(done.startsWith("Diffusion NCut: picture.png: " + segments(TestImages.rgb()) + " segments in "),
			String.join("\n", log));
	}

	@Test
	void aFailureWithoutADisplayEndsImageJWithCode1() {
		consoleRun("--run", "Diffusion NCut Segmentation", options());
		assertEquals(List.of(1), exits);
		assertTrue(log.contains("Diffusion NCut: no image: open one first"), String.join("\n", log));

		exits.clear();
		consoleRun("--run", "org.diffncut.fiji.SegmentCommand", "model=[/models/sd14] rois");
		assertEquals(List.of(1), exits);
		assertEquals("Diffusion NCut: options 'model=[/models/sd14] rois' are not key=value pairs separated by " +
			"commas: write them as --run wants them, e.g. \"model='/models/sd14', stop='MAN-C with NCut', rois=true\"",
			log.get(log.size() - 1));

		exits.clear();
		consoleRun("--run", "Diffusion NCut Re-cut", "threshold=0.5");
		assertEquals(List.of(1), exits);
		assertEquals("Diffusion NCut Re-cut: no image: open the labels or the input of a Diffusion NCut segmentation first",
			log.get(log.size() - 1));

		exits.clear();
		consoleRun("--run", "Diffusion NCut Batch", "input_folder='/data/in'"); // no output folder: one line, never silence
		assertEquals(List.of(1), exits);
		assertEquals("Diffusion NCut: 'output_folder' is required but unset.", log.get(log.size() - 1));
	}

	@Test
	void twoOpenImagesAreRefusedRatherThanGuessed() {
		open(dataset());
		open(new AxesImage<>(ArrayImgs.unsignedBytes(8, 8), "other.png", "X", "Y"));
		consoleRun("--run", "Diffusion NCut Segmentation", options());
		assertEquals(List.of(1), exits);
		assertTrue(log.contains("Diffusion NCut: 2 images are open (picture.png, other.png): pass the one to segment " +
			"as input (or image), or open only that one"), String.join("\n", log));
	}

	/** The batch from the console writes its label files; a folder that is not there ends ImageJ with code 1. */
	@Test
	void theBatchRunsFromTheConsole(@TempDir Path dir) throws IOException {
		Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
		new FileSaver(TestImages.rgb()).saveAsPng(in.resolve("picture.png").toString());
		consoleRun("--run", "Diffusion NCut Batch", options("input_folder='" + in + "'", "output_folder='" + out + "'"));
		assertEquals(List.of(), exits, String.join("\n", log));
		assertTrue(Files.isRegularFile(out.resolve("picture-labels.tif")), String.join("\n", log));

		consoleRun("--run", "Diffusion NCut Batch", options("input_folder='" + dir.resolve("nowhere") + "'",
			"output_folder='" + out + "'"));
		assertEquals(List.of(1), exits);
	}

	/** The titles ConsoleRun answers to are the menu entries' (plugins.config), so a renamed entry cannot drift. */
	@Test
	void theTitlesAreTheMenuEntries() throws IOException {
		List<String> titles = new ArrayList<>();
		try (InputStream in = ConsoleRun.class.getResourceAsStream("/plugins.config")) {
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
				if (line.startsWith("Plugins>")) titles.add(line.split("\"")[1]);
		}
		assertEquals(titles, new ArrayList<>(ConsoleRun.COMMANDS.keySet()));
	}

	@Test
	void otherRunsAreLeftToSciJava() {
		assertEquals(SegmentCommand.class, ConsoleRun.command("Diffusion NCut Segmentation"));
		assertEquals(BatchCommand.class, ConsoleRun.command(BatchCommand.class.getName()));
		assertEquals(null, ConsoleRun.command("Gaussian Blur..."));
		assertEquals(null, ConsoleRun.command("script.groovy"));
	}

	/** An RGB picture held as X,Y,Channel is one colour image: its labels are those of the RGB ImagePlus. */
	@Test
	void channelsOfAnImageJ2ImageAreOneColourImage() {
		Map<String, Object> in = SegmentCommandTest.tinyOptions();
		in.put(Opt.OVERLAY, false);
		in.put("image", dataset());
		CommandModule m = run(in);
		assertFalse(m.isCanceled(), m::getCancelReason);
		@SuppressWarnings("unchecked")
		Img<UnsignedShortType> labels = (Img<UnsignedShortType>) m.getOutput("label_image");
		assertArrayEquals(new long[] { TestImages.SIDE, TestImages.SIDE }, Intervals.dimensionsAsLongArray(labels));
		assertEquals("picture-labels", ((ImagePlus) m.getOutput("labels")).getTitle());
		in.remove("image");
		in.put("input", TestImages.rgb());
		short[] reference = (short[]) ((ImagePlus) run(in).getOutput("labels")).getProcessor().getPixels();
		int i = 0;
		for (UnsignedShortType t : Views.flatIterable(labels)) assertEquals(reference[i++] & 0xffff, t.get());

		in.remove("input");
		in.put("image", new AxesImage<>(ArrayImgs.unsignedBytes(16, 16, 2), "odd", "X", "Y", "Wavelength"));
		CommandModule odd = run(in);
		assertEquals("Diffusion NCut: the image's axes are [X, Y, Wavelength]: give X,Y followed by any of Channel, Z " +
			"and Time", odd.getCancelReason());
	}

	private int segments(ImagePlus imp) {
		Map<String, Object> in = SegmentCommandTest.tinyOptions();
		in.put("input", imp);
		short[] labels = (short[]) ((ImagePlus) run(in).getOutput("labels")).getProcessor().getPixels();
		return (int) IntStream.range(0, labels.length).map(k -> labels[k]).distinct().count();
	}

	private CommandModule run(Map<String, Object> in) {
		try {
			return context.service(CommandService.class).run(SegmentCommand.class, true, in).get();
		}
		catch (Exception e) {
			throw new AssertionError(e);
		}
	}

	/**
	 * An image with ImageJ2's axis API by shape only ({@code axis(d).type().getLabel()}, {@code getName()}), as a
	 * Dataset answers it, without the ImageJ2 jars.
	 */
	public static final class AxesImage<T> extends IntervalView<T> implements Named {
		private final List<String> axes;
		private String name;

		AxesImage(RandomAccessibleInterval<T> img, String name, String... axes) {
			super(img, img);
			this.name = name;
			this.axes = Arrays.asList(axes);
		}

		public Axis axis(int d) {
			return new Axis(axes.get(d));
		}

		@Override
		public String getName() {
			return name;
		}

		@Override
		public void setName(String name) {
			this.name = name;
		}

		@Override
		public String toString() {
			return axes.stream().collect(Collectors.joining(",", name + "[", "]"));
		}
	}

	public static final class Axis {
		private final String label;

		Axis(String label) {
			this.label = label;
		}

		public Axis type() {
			return this;
		}

		public String getLabel() {
			return label;
		}
	}
}

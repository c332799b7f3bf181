package org.diffncut.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import org.diffncut.Golden;
import org.diffncut.Progress;
import org.diffncut.safetensors.DType;
import org.diffncut.safetensors.HalfFloats;
import org.diffncut.safetensors.Halves;
import org.diffncut.safetensors.SafeTensors;
import org.diffncut.safetensors.SafeTensorsWriter;
import org.diffncut.safetensors.TensorInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Weight files: which file a component folder provides, half-precision variants, and broken copies of the fixture
 * UNet (made under a temporary folder; the fixture is read-only), each of which must fail at load with a message
 * naming the file and the tensor.
 */
class SafeTensorWeightsTest {
	@TempDir
	Path tmp;

	/** A copy of the fixture model folder under {@code tmp}. */
	private Path copyModel() throws IOException {
		Path target = tmp.resolve("model");
		try (Stream<Path> files = Files.walk(TinyModel.folder())) {
			for (Path p : (Iterable<Path>) files::iterator) {
				Path dest = target.resolve(TinyModel.folder().relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(dest);
				else Files.copy(p, dest);
			}
		}
		try (Stream<Path> files = Files.walk(target)) {
			files.forEach(p -> p.toFile().setWritable(true));
		}
		return target;
	}

	private static Path unetFile(Path model) {
		return model.resolve("unet").resolve("diffusion_pytorch_model.safetensors");
	}

	/** Replaces {@code from} by {@code to} (same length) in the JSON header of {@code file}. */
	private static void editHeader(Path file, String from, String to) throws IOException {
		assertEquals(from.length(), to.length());
		byte[] bytes = Files.readAllBytes(file);
		long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
		String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
		assertTrue(header.contains(from), from);
		byte[] edited = header.replace(from, to).getBytes(StandardCharsets.UTF_8);
		System.arraycopy(edited, 0, bytes, 8, edited.length);
		Files.write(file, bytes);
	}

	private static String loadFailure(Path model) {
		IOException e = assertThrows(IOException.class,
			() -> StableDiffusion.load(model, DeviceChoice.CPU, Progress.NONE, w -> {}).close());
		return e.getMessage();
	}

	@Test
	void truncatedFile_Fail() throws Exception {
		Path model = copyModel(), unet = unetFile(model);
		byte[] bytes = Files.readAllBytes(unet);
		Files.write(unet, Arrays.copyOf(bytes, bytes.length / 2));
		String m = loadFailure(model);
		assertTrue(m.contains(unet.toString()) && m.contains("truncated") && m.contains("tensor '"), m);
	}

	@Test
	void headerLengthPastTheEnd_Fail() throws Exception {
		Path model = copyModel(), unet = unetFile(model);
		byte[] bytes = Files.readAllBytes(unet);
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, bytes.length);
		Files.write(unet, bytes);
		String m = loadFailure(model);
		assertTrue(m.contains(unet.toString()) && m.contains("runs past the end"), m);
	}

	@Test
	void unknownDtype_Fail() throws Exception {
		Path model = copyModel(), unet = unetFile(model);
		editHeader(unet, "\"conv_in.bias\":{\"dtype\":\"F32\"", "\"conv_in.bias\":{\"dtype\":\"Q32\"");
		String m = loadFailure(model);
		assertTrue(m.contains(unet.toString()) && m.contains("'conv_in.bias'") && m.contains("Q32"), m);
	}

	@Test
	void integerDtype_Fail() throws Exception {
		Path model = copyModel(), unet = unetFile(model);
		editHeader(unet, "\"conv_in.bias\":{\"dtype\":\"F32\"", "\"conv_in.bias\":{\"dtype\":\"I32\"");
		String m = loadFailure(model);
		assertTrue(m.contains(unet.toString()) && m.contains("'conv_in.bias'") && m.contains("floating-point"), m);
	}

	@Test
	void shapeAndByteLengthDisagree_Fail() throws Exception {
		Path model = copyModel(), unet = unetFile(model);
		editHeader(unet, "\"conv_in.bias\":{\"dtype\":\"F32\",\"shape\":[32]", "\"conv_in.bias\":{\"dtype\":\"F32\",\"shape\":[33]");
		String m = loadFailure(model);
		assertTrue(m.contains(unet.toString()) && m.contains("'conv_in.bias'") && m.contains("needs 132 bytes"), m);
	}

	@Test
	void missingTensor_Fail() throws Exception {
		Path model = copyModel(), unet = unetFile(model);
		editHeader(unet, "\"conv_in.bias\":", "\"conv_in.bia_\":");
		String m = loadFailure(model);
		assertTrue(m.contains(unet.toString()) && m.contains("no tensor 'conv_in.bias'"), m);
	}

	@Test
	void wrongShape_Fail() throws Exception {
		Path model = copyModel(), unet = unetFile(model);
		editHeader(unet, "\"conv_in.weight\":{\"dtype\":\"F32\",\"shape\":[32,4,3,3]",
			"\"conv_in.weight\":{\"dtype\":\"F32\",\"shape\":[32,4,9,1]");
		String m = loadFailure(model);
		assertTrue(m.contains(unet.toString()) && m.contains("'conv_in.weight'") && m.contains("[32, 4, 9, 1]") &&
			m.contains("expected [32, 4, 3, 3]"), m);
	}

	@Test
	void wrongConfig_Fail() throws Exception {
		Path model = copyModel(), config = model.resolve("unet").resolve("config.json");
		Files.write(config, new String(Files.readAllBytes(config), StandardCharsets.UTF_8)
			.replace("\"cross_attention_dim\": 32", "\"cross_attention_dim\": 48").getBytes(StandardCharsets.UTF_8));
		String m = loadFailure(model); // the weights say 32: the first cross-attention key projection disagrees
		assertTrue(m.contains(unetFile(model).toString()) && m.contains("attn2.to_k.weight") && m.contains("[32, 48]"), m);
	}

	@Test
	void missingWeights_Fail() throws Exception {
		Path model = copyModel();
		Files.delete(model.resolve("vae").resolve("diffusion_pytorch_model.safetensors"));
		Files.write(model.resolve("vae").resolve("diffusion_pytorch_model.bin"), new byte[] { 0 });
		String m = loadFailure(model);
		assertTrue(m.contains("vae") && m.contains(".bin") && m.contains("safetensors"), m);
	}

	@Test
	void prefersTheHalfVariantOnlyWhenAsked() throws Exception {
		Path folder = Files.createDirectories(tmp.resolve("text_encoder"));
		Path full = Files.createFile(folder.resolve("model.safetensors"));
		Path half = Files.createFile(folder.resolve("model.fp16.safetensors"));
		assertEquals(full, SafeTensorWeights.choose(folder, false));
		assertEquals(half, SafeTensorWeights.choose(folder, true));
		Files.delete(full);
		assertEquals(half, SafeTensorWeights.choose(folder, false));
	}

	/** The fp16 and bf16 variants of the fixture text encoder load and encode close to the float32 golden. */
	@Test
	void halfPrecisionVariants() throws Exception {
		for (DType type : new DType[] { DType.F16, DType.BF16 }) {
			Path folder = Files.createDirectories(tmp.resolve(type.name()));
			convert(TinyModel.folder().resolve("text_encoder").resolve("model.safetensors"),
				folder.resolve("model.fp16.safetensors"), type);
			ModelConfig config = TinyModel.config();
			try (NDManager manager = NDManager.newBaseManager();
				SafeTensorWeights w = SafeTensorWeights.open(folder, true, Progress.NONE))
			{
				NDArray e = ClipTextEncoder.encode(new Parameters(w, manager, DataType.FLOAT32, new Meter()), config.textEncoder,
					ClipTextEncoder.emptyPrompt(77, ClipTextEncoder.END_OF_TEXT), manager);
				double error = Golden.relativeError(Golden.floats("text_embeddings"), e.toFloatArray());
				// rounding of weights to 11 (f16) or 8 (bf16) significant bits
				assertTrue(error < (type == DType.F16 ? 2e-3 : 2e-2), type + ": relative error " + error);
			}
		}
	}

	private static void convert(Path in, Path out, DType type) throws IOException {
		SafeTensorsWriter writer = new SafeTensorsWriter();
		try (SafeTensors st = SafeTensors.open(in)) {
			for (Map.Entry<String, TensorInfo> e : st.tensors().entrySet()) {
				float[] v = st.floats(e.getKey());
				ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
				for (float f : v)
					b.putShort(type == DType.F16 ? Halves.of(f) : (short) (Float.floatToRawIntBits(f) >>> 16));
				writer.add(e.getKey(), type, b.array(), e.getValue().shape());
			}
		}
		writer.write(out);
	}
}

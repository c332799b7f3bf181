package org.diffncut.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.model.Arithmetic.Kind;
import org.diffncut.model.CaptureTimes.Stage;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The arithmetic the layers count as they run: hand-computed layers and the text encoder of the tiny fixture model,
 * and the totals of the Stable Diffusion 1.4 architecture at 512 px against forward-hook counts on the diffusers
 * 0.27.2 modules (issue 11: VAE encoder 1,117 GFLOP of which 1,074 convolutions; UNet 803 GFLOP: 444 convolution,
 * 233 linear, 126 attention).
 */
class MeterTest {
	/** The counts are rounded to whole GFLOP. */
	static final double HOOK_ROUNDING = 0.5e9;

	/**
	 * The tiny model (UNet channels 32, 32, 64, 64; text encoder 2 layers of width 32, MLP 128) at 128 px: latent
	 * 16×16, so T = 256 tokens in the first transformer, S = 77 text tokens.
	 */
	@Test
	void tinyModelLayersCountWhatTheyRun() throws Exception {
		CaptureTimes t;
		try (StableDiffusion sd = StableDiffusion.load(TinyModel.folder(), DeviceChoice.CPU, Progress.NONE, w -> {})) {
			sd.profile(true);
			t = sd.capture(StableDiffusionTest.goldenImage(), new ForwardOptions(300, 0, null),
				new StableDiffusionTest.Collect(), Progress.NONE, Cancel.NEVER);
		}
		// text encoder, per layer: q, k, v, out 4·2·77·32·32 = 630,784; fc1 and fc2 2·2·77·32·128 = 1,261,568;
		// attention 4·77·77·32 = 758,912; two layers
		assertEquals(counts(0, 2 * (630_784 + 1_261_568), 2 * 758_912), t.cost(Stage.TEXT).arithmetic());
		Map<String, Arithmetic> vae = blocks(t.cost(Stage.VAE)), unet = blocks(t.cost(Stage.UNET));
		// VAE conv_in, 3 → 32 channels, 3×3, at 128×128: 2·32·3·9·128² = 28,311,552
		assertEquals(counts(28_311_552, 0, 0), vae.get("encoder.conv_in"));
		// UNet conv_in, 4 → 32 channels, 3×3, at 16×16: 2·32·4·9·256 = 589,824
		assertEquals(counts(589_824, 0, 0), unet.get("conv_in"));
		// first transformer, C = 32 at T = 256: proj_in and proj_out (1×1 conv) 2·2·256·32·32 = 1,048,576;
		// linear: attn1 q, k, v, out and attn2 q, out 6·2·256·32·32 = 3,145,728, attn2 k, v on the text 2·2·77·32·32
		// = 315,392, GEGLU 2·256·32·256 = 4,194,304, down 2·256·128·32 = 2,097,152;
		// attention: self 4·256·256·32 = 8,388,608, cross 4·256·77·32 = 2,523,136
		assertEquals(counts(1_048_576, 3_145_728 + 315_392 + 4_194_304 + 2_097_152, 8_388_608 + 2_523_136),
			unet.get("down_blocks.0.attentions.0"));
		for (Stage s : new Stage[] { Stage.VAE, Stage.UNET }) {
			Arithmetic sum = t.cost(s).blocks().stream().map(StageCost.Block::arithmetic).reduce(Arithmetic.NONE,
				Arithmetic::plus);
			assertEquals(t.cost(s).arithmetic(), sum, s + ": the blocks account for the whole stage");
			assertTrue(t.cost(s).seconds() > 0 && t.cost(s).productSeconds().size() == Kind.values().length, s.toString());
		}
	}

	/**
	 * At 512 px, from counts at 64 and 128 px (every parameter zero, one tensor stored: see {@link ZeroWeights}). With
	 * R the working size, convolutions scale as R², linear layers as R² plus the R-independent time embedding,
	 * attention as R⁴ (self: T·S tokens) plus R² (cross: T·77). With x = R², c(x) = a + b·x + d·x² per kind is fixed
	 * by x₁ = 64² and x₂ = 4x₁ when one of a, d is 0: for linear layers (d = 0) c(64x₁) = c₁ + 21·(c₂ − c₁); for
	 * attention (a = 0) d·x₁² = (c₂ − 4c₁)/12 and c(64x₁) = 64c₁ + 4032·d·x₁².
	 */
	@Test
	void stableDiffusion14At512MatchesTheDiffusersHookCounts() throws Exception {
		CaptureTimes at64, at128;
		try (StableDiffusion sd = StableDiffusion.open(ModelConfig.stableDiffusion14(), (c, half, p) -> new ZeroWeights(),
			Placement.cpu(), Progress.NONE, w -> {}))
		{
			at64 = capture(sd, 64);
			at128 = capture(sd, 128);
		}
		Arithmetic vae64 = at64.cost(Stage.VAE).arithmetic(), vae128 = at128.cost(Stage.VAE).arithmetic();
		Arithmetic unet64 = at64.cost(Stage.UNET).arithmetic(), unet128 = at128.cost(Stage.UNET).arithmetic();
		assertEquals(4 * vae64.flops(Kind.CONVOLUTION), vae128.flops(Kind.CONVOLUTION), "VAE convolutions ∝ R²");
		assertEquals(4 * unet64.flops(Kind.CONVOLUTION), unet128.flops(Kind.CONVOLUTION), "UNet convolutions ∝ R²");
		assertEquals(16 * vae64.flops(Kind.ATTENTION), vae128.flops(Kind.ATTENTION), "VAE self-attention ∝ R⁴");

		// VAE mid-block attention at 512 px: one head over 64² = 4096 tokens of 512 channels:
		// q, k, v, out 4·2·4096·512·512 = 8,589,934,592; QKᵀ and PV 4·4096·4096·512 = 34,359,738,368
		long vaeConv = 64 * vae64.flops(Kind.CONVOLUTION), vaeLinear = 64 * vae64.flops(Kind.LINEAR),
			vaeAttention = 4096 * vae64.flops(Kind.ATTENTION);
		assertEquals(8_589_934_592L, vaeLinear);
		assertEquals(34_359_738_368L, vaeAttention);
		assertEquals(1074e9, vaeConv, HOOK_ROUNDING);
		assertEquals(1117e9, vaeConv + vaeLinear + vaeAttention, HOOK_ROUNDING);

		long unetConv = 64 * unet64.flops(Kind.CONVOLUTION);
		long unetLinear = unet64.flops(Kind.LINEAR) + 21 * (unet128.flops(Kind.LINEAR) - unet64.flops(Kind.LINEAR));
		long quartic = unet128.flops(Kind.ATTENTION) - 4 * unet64.flops(Kind.ATTENTION);
		assertEquals(0, quartic % 12, "self-attention is a whole number of operations");
		long unetAttention = 64 * unet64.flops(Kind.ATTENTION) + 4032 * (quartic / 12);
		// hand count, 4·T·S·C per layer: self-attention on 64² tokens (C = 320, 5 layers), 32² (640, 5), 16²
		// (1280, 5), 8² (1280, mid block); cross-attention on the same with S = 77
		long self = 5 * 4L * 4096 * 4096 * 320 + 5 * 4L * 1024 * 1024 * 640 + 5 * 4L * 256 * 256 * 1280 + 4L * 64 * 64 * 1280;
		long cross = 5 * 4L * 4096 * 77 * 320 + 5 * 4L * 1024 * 77 * 640 + 5 * 4L * 256 * 77 * 1280 + 4L * 64 * 77 * 1280;
		assertEquals(self + cross, unetAttention);
		assertEquals(444e9, unetConv, HOOK_ROUNDING);
		assertEquals(233e9, unetLinear, HOOK_ROUNDING);
		assertEquals(126e9, unetAttention, HOOK_ROUNDING);
		assertEquals(803e9, unetConv + unetLinear + unetAttention, HOOK_ROUNDING);
	}

	private static CaptureTimes capture(StableDiffusion sd, int resolution) throws Exception {
		AttentionSink none = new AttentionSink() {
			@Override public void begin(NDManager manager, List<AttentionLayer> layers) {}
			@Override public boolean wants(AttentionLayer layer) { return false; }
			@Override public void accept(AttentionLayer layer, int firstQuery, NDArray rows) {}
			@Override public void end() {}
		};
		return sd.capture(WorkingImage.ofPixels(new float[3 * resolution * resolution], resolution),
			new ForwardOptions(300, 0, null), none, Progress.NONE, Cancel.NEVER);
	}

	private static Arithmetic counts(long convolution, long linear, long attention) {
		return Arithmetic.of(Kind.CONVOLUTION, convolution).plus(Arithmetic.of(Kind.LINEAR, linear))
			.plus(Arithmetic.of(Kind.ATTENTION, attention));
	}

	private static Map<String, Arithmetic> blocks(StageCost stage) {
		return stage.blocks().stream().collect(Collectors.toMap(StageCost.Block::name, StageCost.Block::arithmetic));
	}

	/**
	 * Every parameter 0, as a view of one shared zero buffer as large as the largest parameter: a full-size
	 * architecture that stores one tensor, whose layers run (and count) as usual on contiguous weights.
	 */
	static final class ZeroWeights implements Weights {
		private NDArray zeros;

		@Override
		public NDArray load(NDManager manager, DataType type, String name, long... shape) {
			long size = new Shape(shape).size();
			if (zeros == null || zeros.size() < size || zeros.getDataType() != type || zeros.getManager() != manager) {
				zeros = manager.zeros(new Shape(size), type);
				NDScope.unregister(zeros);
			}
			return zeros.get(new NDIndex(":{}", size)).reshape(shape);
		}

		@Override
		public NDArray loadRows(NDManager manager, DataType type, String name, long[] shape, int[] rows) {
			return load(manager, type, name, rows.length, shape[1]);
		}

		@Override
		public boolean contains(String name) {
			return true;
		}

		@Override
		public long loadedElements() {
			return 0;
		}

		@Override
		public void close() {}
	}
}

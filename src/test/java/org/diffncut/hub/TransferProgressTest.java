package org.diffncut.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Stages and fractions with a hand-driven clock; expected strings computed by hand in the comments. */
class TransferProgressTest {
	private long now;
	private final List<String> reports = new ArrayList<>();

	@Test
	void reportsBytesRateAndTimeLeftWithoutCountingResumedBytesInTheRate() {
		TransferProgress p = new TransferProgress((f, s) -> reports.add(f + " " + s), 100_000_000L, () -> now);
		p.startFile("unet/w.safetensors", 20_000_000L); // resumed: 20 MB of 100 MB on disk
		now = 2_000_000_000L;
		p.add(30_000_000L); // 30 MB in 2 s = 15 MB/s; 50 MB left = 3.33 s -> 0:03
		p.finish();
		assertEquals(List.of("0.2 unet/w.safetensors: 20.0 MB of 100 MB", "0.5 unet/w.safetensors: 50.0 MB of 100 MB, " +
			"15.0 MB/s, 0:03 left", "1.0 downloaded 100 MB"), reports);
	}

	@Test
	void reportsAreThrottled() {
		TransferProgress p = new TransferProgress((f, s) -> reports.add(s), 10, () -> now);
		p.startFile("a", 0);
		for (int i = 0; i < 5; i++) p.add(1); // all within the same instant: no report
		now = TransferProgress.INTERVAL_NANOS;
		p.add(1);
		assertEquals(2, reports.size());
	}

	@Test
	void bytesUseDecimalUnitsAndThreeDigits() {
		assertEquals("999 B", TransferProgress.bytes(999));
		assertEquals("1.00 kB", TransferProgress.bytes(1000));
		assertEquals("1.00 MB", TransferProgress.bytes(999_600));
		assertEquals("25.3 MB", TransferProgress.bytes(25_300_000));
		assertEquals("3.44 GB", TransferProgress.bytes(3_438_167_536L)); // the SD 1.4 UNet, fp32
	}

	@Test
	void durationsReadAsAClock() {
		assertEquals("0:07", org.diffncut.Progress.duration(7));
		assertEquals("1:28", org.diffncut.Progress.duration(88));
		assertEquals("1:02:03", org.diffncut.Progress.duration(3723));
	}
}

package org.diffncut.cli;

import org.diffncut.model.DeviceChoice;

import picocli.CommandLine.Option;

/** {@code --device} of the commands that cut without a model (with one, the model's {@code --device} decides). */
final class CutDeviceMixin {
	@Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu", description = "Where the graph and the cut run: cpu (plain Java; the native engine loads only for " +
			"--steps > 1) or gpu (every product there); auto is the CPU. Default: ${DEFAULT-VALUE}.")
	DeviceChoice device;
}

package org.diffncut.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** The tool builds only the command it runs: that command must behave as in the full tool. */
class DiffNCutTest {
	@Test
	void eachCommandAloneHasTheHelpItHasInTheFullTool() {
		Map<String, CommandLine> full = DiffNCut.commandLine(new DiffNCut()).getSubcommands();
		assertEquals(DiffNCut.COMMANDS.size(), full.size(), "every command in the full tool");
		for (Map.Entry<String, CommandLine> c : full.entrySet()) {
			if (c.getKey().equals("help")) continue;
			CliRun alone = CliRun.of(c.getKey(), "--help");
			assertEquals(0, alone.code, alone.toString());
			assertEquals(c.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF), alone.out, c.getKey());
		}
	}

	@Test
	void theToolsHelpListsEveryCommand() {
		CliRun help = CliRun.of("--help");
		for (String name : DiffNCut.commandLine(new DiffNCut()).getSubcommands().keySet())
			assertTrue(help.out.contains("  " + name + " "), name + " in\n" + help.out);
	}
}

package org.diffncut.cli;

import picocli.CommandLine.IVersionProvider;

/** Version from the jar manifest (Implementation-Version), "development" when run from classes. */
public final class Version implements IVersionProvider {
	@Override
	public String[] getVersion() {
		String v = DiffNCut.class.getPackage().getImplementationVersion();
		return new String[] { "diffncut " + (v == null ? "development" : v) };
	}
}

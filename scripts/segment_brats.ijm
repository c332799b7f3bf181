// Diffusion NCut over a BraTS folder: every case folder (a sub-folder holding its modalities as .nii.gz, with the
// 2021 names _flair/_t1ce/_t2/_t1 or the 2023 names -t2f/-t1c/-t2w/-t1n) becomes <case>_labels.nii.gz in the output
// folder: a NIfTI label volume with the geometry of the case's first modality, for ITK-SNAP or 3D Slicer to overlay
// on the scans (0 where the scans are 0, ids 1..K consistent across slices). NIfTI files in the folder itself become
// <name>-labels.nii.gz. segments.csv gets a row per case; finished cases are skipped, so a stopped run resumes.
// The command reads the volumes itself: plain ImageJ opens no .nii.gz.
//
// From ImageJ/Fiji: Plugins > Macros > Run... asks for the folders. Unattended:
//   ImageJ -batch segment_brats.ijm "/data/BraTS2021|/data/labels|modalities=flair,t1ce,t2 axis=2"
// The third part holds options of "Diffusion NCut Batch" (model=..., modalities=..., axis=..., ...).
//
// The batch writes label files and uses no ROI Manager, so the macro runs the same with a display and without one.

args = split(getArgument(), "|");
input = ""; output = ""; options = "";
if (args.length > 0) input = args[0];
if (args.length > 1) output = args[1];
if (args.length > 2) options = args[2];
if (input == "") input = getDirectory("BraTS folder (one sub-folder per case)");
if (output == "") output = getDirectory("Output folder");

setBatchMode(true);
run("Diffusion NCut Batch", "input_folder=[" + input + "] output_folder=[" + output + "] " + options);

// The batch's table: one row per case it segmented or could not (a missing modality, a corrupt volume, ...).
rows = split(File.openAsString(output + File.separator + "segments.csv"), "\n");
volumes = 0; failed = 0;
for (i = 1; i < rows.length; i++) {
	if (endsWith(rows[i], ",done")) volumes++;
	else {
		failed++;
		print("segment_brats: " + rows[i]);
	}
}
print("segment_brats: " + volumes + " label volumes, " + failed + " failed rows in " + output);

// Diffusion NCut over a folder: every image to <name>-labels.tif in the output folder, with segments.csv
// (segments and seconds per image). Images whose label image exists are skipped, so an interrupted run resumes.
//
// From ImageJ/Fiji: Plugins > Macros > Run... asks for the folders. Unattended:
//   ImageJ -batch segment_folder.ijm "/data/scans|/data/labels|model=CompVis/stable-diffusion-v1-4"

args = split(getArgument(), "|");
input = ""; output = ""; options = "";
if (args.length > 0) input = args[0];
if (args.length > 1) output = args[1];
if (args.length > 2) options = args[2];
if (input == "") input = getDirectory("Folder of images");
if (output == "") output = getDirectory("Output folder");

setBatchMode(true);
run("Diffusion NCut Batch", "input_folder=[" + input + "] output_folder=[" + output + "] " + options);
print("segment_folder: " + File.getName(input) + " -> " + output);

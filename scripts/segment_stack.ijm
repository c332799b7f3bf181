// Diffusion NCut on a stack (z or t), slice by slice, with labels kept consistent along the stack: a segment
// keeps its label from slice to slice. Saves the label stack and a table of the ROIs per slice.
//
// From ImageJ/Fiji: Plugins > Macros > Run... asks for the files. Unattended:
//   ImageJ -batch segment_stack.ijm "volume.tif|volume-labels.tif|model=CompVis/stable-diffusion-v1-4 consistent rois"

args = split(getArgument(), "|");
input = ""; output = ""; options = "consistent rois";
if (args.length > 0) input = args[0];
if (args.length > 1) output = args[1];
if (args.length > 2) options = args[2];
if (input == "") input = File.openDialog("Stack to segment");
if (output == "") output = File.getDirectory(input) + File.getNameWithoutExtension(input) + "-labels.tif";

setBatchMode(true);
open(input);
source = getTitle();
// Without a display there is no ROI Manager (it would throw HeadlessException): the label stack holds the segments.
headless = false;
if (call("java.awt.GraphicsEnvironment.isHeadless") == "true") headless = true;
before = 0;
if (!headless) before = roiManager("count");
run("Diffusion NCut Segmentation", options);
// The command leaves its 16-bit label stack current; never save anything else under the labels' name.
if (getTitle() == source || bitDepth() != 16) exit("segment_stack: no label image for " + source + "; nothing saved");
saveAs("Tiff", output);
if (headless) {
	print("segment_stack: no display, so no ROI table was saved (the label stack holds the segments)");
	print("segment_stack: " + nSlices + " slices, 0 ROIs");
	exit;
}
table = "";
for (i = before; i < roiManager("count"); i++) {
	roiManager("select", i);
	table = table + Roi.getName + "," + getSliceNumber() + "\n";
}
File.saveString(table, File.getDirectory(output) + File.getNameWithoutExtension(output) + "-rois.csv");
print("segment_stack: " + nSlices + " slices, " + (roiManager("count") - before) + " ROIs");

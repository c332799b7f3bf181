// Diffusion NCut on one image: segments it, saves the 16-bit label image, and saves the segments (ROIs)
// that the command appended to the ROI Manager as a zip.
//
// From ImageJ/Fiji: Plugins > Macros > Run... asks for the files. Unattended:
//   ImageJ -batch segment_image.ijm "image.tif|image-labels.tif|model=CompVis/stable-diffusion-v1-4 rois"
// The third part holds the options of "Diffusion NCut Segmentation" as the recorder writes them.

args = split(getArgument(), "|");
input = ""; output = ""; options = "rois";
if (args.length > 0) input = args[0];
if (args.length > 1) output = args[1];
if (args.length > 2) options = args[2];
if (input == "") input = File.openDialog("Image to segment");
if (output == "") output = File.getDirectory(input) + File.getNameWithoutExtension(input) + "-labels.tif";

setBatchMode(true);
open(input);
source = getTitle();
// Without a display there is no ROI Manager (it would throw HeadlessException): the label image holds the segments.
headless = false;
if (call("java.awt.GraphicsEnvironment.isHeadless") == "true") headless = true;
before = 0;
if (!headless) before = roiManager("count");
run("Diffusion NCut Segmentation", options);
// The command leaves its 16-bit label image current; never save anything else under the labels' name.
if (getTitle() == source || bitDepth() != 16) exit("segment_image: no label image for " + source + "; nothing saved");
saveAs("Tiff", output);
added = 0;
if (headless) print("segment_image: no display, so no ROIs were saved (the label image holds the segments)");
else added = roiManager("count") - before;
if (added > 0) {
	indexes = newArray(added);
	for (i = 0; i < added; i++) indexes[i] = before + i;
	roiManager("select", indexes);
	roiManager("save selected", File.getDirectory(output) + File.getNameWithoutExtension(output) + "-rois.zip");
}
print("segment_image: " + getTitle() + ", " + added + " ROIs");

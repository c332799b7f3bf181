#@ File (label = "Folder of images", style = "directory") input
#@ File (label = "Output folder", style = "directory") output
#@ String (label = "Model (folder or Hugging Face repo)", value = "CompVis/stable-diffusion-v1-4") model
#@ Integer (label = "Working resolution (px)", value = 512) resolution
#@ String (label = "Attention resolutions", value = "64,32,16") resolutions
#@ CommandService command
#@ LogService log

// Diffusion NCut over a folder from Groovy (Fiji: File > New > Script..., language Groovy), through the same
// SciJava command as the menu: <name>-labels.tif and segments.csv in the output folder, finished images skipped.

import org.diffncut.fiji.BatchCommand

def module = command.run(BatchCommand, true,
	"input_folder", input, "output_folder", output, "overwrite", false,
	"model", model, "resolution", resolution, "resolutions", resolutions,
	"stop", "MAN-C with NCut", "rois", false, "overlay", false).get()
if (module.isCanceled()) log.error("batch_folder: " + module.getCancelReason())
else log.info("batch_folder: " + module.getOutput("summary"))

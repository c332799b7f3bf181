package org.diffncut.image;

/**
 * The rectangle of an original image, in its pixel units, that the square working image covers. A centre crop
 * lies inside the image; a pad extends past its borders. Pixel (x, y) of the original image has its centre at
 * (x + 0.5, y + 0.5), and the window maps those centres onto any grid laid over the working image, so labels
 * computed on the grid come back at the original size.
 */
public final class Window {
	private final double x0, y0, width, height;

	public Window(double x0, double y0, double width, double height) {
		if (!(width > 0 && height > 0)) throw new IllegalArgumentException("empty window " + width + "x" + height);
		this.x0 = x0;
		this.y0 = y0;
		this.width = width;
		this.height = height;
	}

	/** The whole image, stretched onto the grid. */
	public static Window full(int imageWidth, int imageHeight) {
		return new Window(0, 0, imageWidth, imageHeight);
	}

	/** The largest centred square inside the image. */
	public static Window centerCrop(int imageWidth, int imageHeight) {
		int side = Math.min(imageWidth, imageHeight);
		return new Window((imageWidth - side) / 2, (imageHeight - side) / 2, side, side);
	}

	/** The smallest centred square holding the image; the border outside is padding. */
	public static Window pad(int imageWidth, int imageHeight) {
		int side = Math.max(imageWidth, imageHeight);
		return new Window(-((side - imageWidth) / 2), -((side - imageHeight) / 2), side, side);
	}

	public double x0() { return x0; }
	public double y0() { return y0; }
	public double width() { return width; }
	public double height() { return height; }

	/** Continuous grid column of the centre of image column {@code x} on a grid {@code gridWidth} cells wide. */
	public double gridX(int x, int gridWidth) {
		return (x + 0.5 - x0) * gridWidth / width - 0.5;
	}

	/** Continuous grid row of the centre of image row {@code y} on a grid {@code gridHeight} cells high. */
	public double gridY(int y, int gridHeight) {
		return (y + 0.5 - y0) * gridHeight / height - 0.5;
	}

	@Override
	public String toString() {
		return "Window[" + x0 + ", " + y0 + ", " + width + "x" + height + "]";
	}
}

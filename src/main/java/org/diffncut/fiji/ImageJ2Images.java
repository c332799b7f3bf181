package org.diffncut.fiji;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.scijava.Named;
import org.scijava.display.Display;
import org.scijava.display.DisplayService;

import net.imglib2.EuclideanSpace;
import net.imglib2.RandomAccessibleInterval;

/**
 * What the commands need of ImageJ2's images ({@code Dataset}, {@code ImgPlus}, and the views a display shows), read
 * through their public methods by name: plain ImageJ and our tests have no ImageJ2 jars (imagej-common is not on
 * Maven Central), yet Fiji hands scripts' images over as such objects.
 */
final class ImageJ2Images {
	private ImageJ2Images() {}

	/**
	 * The axis type of each dimension of {@code image} ({@code axis(d).type().getLabel()}: "X", "Y", "Channel", "Z",
	 * "Time"), or null for an image that has none. An RGB picture in Fiji is X,Y,Channel, not three slices.
	 */
	static List<String> axes(EuclideanSpace image) {
		try {
			Method axis = method(image.getClass(), "axis", int.class);
			if (axis == null) return null;
			List<String> labels = new ArrayList<>();
			for (int d = 0; d < image.numDimensions(); d++) {
				Object a = axis.invoke(image, d);
				Object type = invoke(a, "type");
				Object label = type == null ? null : invoke(type, "getLabel");
				if (label == null) return null;
				labels.add(label.toString());
			}
			return labels;
		}
		catch (ReflectiveOperationException | RuntimeException e) {
			return null; // not the shape of an ImageJ2 image: no axis types
		}
	}

	/**
	 * The image {@code --open} showed, for a command run from the console with nothing in its image inputs: the data
	 * of the one display that shows an image (a Dataset's view answers {@code getData()}), or null if none does.
	 *
	 * @throws IllegalArgumentException if several do (another command's output among them, say): which one is
	 *         meant is not for us to guess
	 */
	static RandomAccessibleInterval<?> shown(DisplayService displays) {
		List<RandomAccessibleInterval<?>> images = new ArrayList<>();
		for (Display<?> display : displays.getDisplays())
			for (Object o : display)
				try {
					Object data = o instanceof RandomAccessibleInterval ? o : invoke(o, "getData");
					if (data instanceof RandomAccessibleInterval && !images.contains(data)) images.add(
						(RandomAccessibleInterval<?>) data);
				}
				catch (ReflectiveOperationException | RuntimeException e) {
					// not an image view
				}
		if (images.size() > 1) throw new IllegalArgumentException(images.size() + " images are open (" + images.stream()
			.map(i -> i instanceof Named ? ((Named) i).getName() : i.toString()).collect(Collectors.joining(", ")) +
			"): pass the one to segment as input (or image), or open only that one");
		return images.isEmpty() ? null : images.get(0);
	}

	private static Object invoke(Object target, String name) throws ReflectiveOperationException {
		if (target == null) return null;
		Method m = method(target.getClass(), name);
		return m == null ? null : m.invoke(target);
	}

	/** The public method {@code name} as declared by a public class or interface of {@code c}, so that it can be called. */
	private static Method method(Class<?> c, String name, Class<?>... parameters) {
		for (Class<?> k = c; k != null; k = k.getSuperclass()) {
			if (Modifier.isPublic(k.getModifiers())) try {
				return k.getMethod(name, parameters);
			}
			catch (NoSuchMethodException e) {
				return null;
			}
			for (Class<?> i : k.getInterfaces()) {
				Method m = method(i, name, parameters);
				if (m != null) return m;
			}
		}
		return null;
	}
}

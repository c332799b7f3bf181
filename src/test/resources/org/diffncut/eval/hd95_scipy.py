#!/usr/bin/python3
"""HD95 as MedPy's hd95 computes it (medpy.metric.binary.__surface_distances, restated with scipy 1.10, which
MedPy calls), for the masks SurfaceDistanceTest builds from the same formulas. Prints hd95_scipy.txt."""
import numpy as np
import scipy
from scipy.ndimage import binary_erosion, distance_transform_edt, generate_binary_structure


def surface_distances(result, reference, spacing):
    footprint = generate_binary_structure(3, 1)  # the 6-neighbour cross
    result_border = result ^ binary_erosion(result, structure=footprint, iterations=1)
    reference_border = reference ^ binary_erosion(reference, structure=footprint, iterations=1)
    dt = distance_transform_edt(~reference_border, sampling=spacing)
    return dt[result_border]


def hd95(a, b, spacing):
    return np.percentile(np.hstack((surface_distances(a, b, spacing), surface_distances(b, a, spacing))), 95)


def masks(case):
    nx, ny, nz = 12, 13, 9
    i, j, k = np.meshgrid(np.arange(nx), np.arange(ny), np.arange(nz), indexing='ij')
    if case == 0:  # ellipsoid against a box
        a = (i - 5) ** 2 + 0.5 * (j - 6) ** 2 + 2 * (k - 4) ** 2 <= 12
        b = (i >= 3) & (i <= 9) & (j >= 2) & (j <= 8) & (k >= 3) & (k <= 6)
    elif case == 1:  # both touch the volume's border
        a = (i + j + k) % 7 < 3
        b = (i <= 4) | (k >= 7)
    else:  # a shell against a small ball far away
        r = (i - 6) ** 2 + (j - 6) ** 2 + (k - 4) ** 2
        a = (r >= 4) & (r <= 16)
        b = (i - 10) ** 2 + (j - 11) ** 2 + (k - 1) ** 2 <= 2
    return a, b


print('# hd95 of SurfaceDistanceTest.masks(case) at spacing (1.0, 0.8, 2.5); scipy %s, numpy %s'
      % (scipy.__version__, np.__version__))
for case in range(3):
    a, b = masks(case)
    print('%d %r' % (case, float(hd95(a, b, (1.0, 0.8, 2.5)))))

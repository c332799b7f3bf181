#!/usr/bin/python3
"""Reads the label files that Nifti.writeLabels wrote (labels_*.nii[.gz]) with nibabel 5.0 and writes what it
sees to expected_labels.txt, in the layout of expected.txt plus the label fields. Run in this folder with Debian's
/usr/bin/python3 after regenerating the label files; NiftiTest checks that our writer still writes these bytes.
"""
import os
import numpy as np
import nibabel as nib

from nifti_fields import geometry

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = {'labels_n1_be.nii.gz': 'i16_be.nii', 'labels_u16_n2.nii': 'n2_i16.nii', 'labels_4d.nii.gz': 'f32_4d.nii.gz'}
out = ['# read by check_labels.py with nibabel %s' % nib.__version__]
for name, source in SOURCES.items():
    img = nib.load(os.path.join(HERE, name))
    h = img.header
    src = nib.load(os.path.join(HERE, source))
    assert np.array_equal(img.affine, src.affine), name  # the same voxel-to-world map
    assert img.get_qform(coded=True)[1] == src.get_qform(coded=True)[1], name
    assert img.get_sform(coded=True)[1] == src.get_sform(coded=True)[1], name
    slope, inter = h.get_slope_inter()
    out.append('file %s' % name)
    out.append('source %s' % source)
    out.extend(geometry(img))
    out.append('scl_slope %r' % float(img.dataobj.slope))  # img.header reports nan here
    out.append('scl_inter %r' % float(img.dataobj.inter))
    out.append('cal_min %r' % float(h['cal_min']))
    out.append('cal_max %r' % float(h['cal_max']))
    out.append('intent_code %d' % int(h['intent_code']))
    out.append('descrip %s' % h['descrip'].item().decode())
    out.append('values %s' % ' '.join(repr(float(x)) for x in np.asanyarray(img.dataobj).reshape(-1, order='F')))
with open(os.path.join(HERE, 'expected_labels.txt'), 'w') as f:
    f.write('\n'.join(out) + '\n')

#!/usr/bin/python3
"""Reads the label files that Nifti.writeLabels wrote (labels_*.nii[.gz]) with nibabel 5.0 and writes what it
sees to expected_labels.txt, in the layout of expected.txt plus the label fields. Run in this folder with Debian's
/usr/bin/python3 after regenerating the label files; NiftiTest checks that our writer still writes these bytes.
"""
import os
import numpy as np
import nibabel as nib

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
    out.append('version %d' % (2 if isinstance(h, nib.Nifti2Header) else 1))
    out.append('endian %s' % ('big' if h.endianness == '>' else 'little'))
    out.append('dim %s' % ' '.join(str(int(x)) for x in h['dim']))
    out.append('datatype %d' % int(h['datatype']))
    out.append('vox_offset %d' % int(img.dataobj.offset))
    out.append('pixdim %s' % ' '.join(repr(float(x)) for x in h['pixdim']))
    out.append('qform_code %d' % int(h['qform_code']))
    out.append('sform_code %d' % int(h['sform_code']))
    out.append('quatern %s' % ' '.join(repr(float(h[k])) for k in
                                       ('quatern_b', 'quatern_c', 'quatern_d', 'qoffset_x', 'qoffset_y', 'qoffset_z')))
    out.append('srow %s' % ' '.join(repr(float(x)) for x in np.concatenate([h['srow_x'], h['srow_y'], h['srow_z']])))
    out.append('xyzt_units %d' % int(h['xyzt_units']))
    out.append('scl_slope %r' % float(img.dataobj.slope))  # img.header reports nan here
    out.append('scl_inter %r' % float(img.dataobj.inter))
    out.append('cal_min %r' % float(h['cal_min']))
    out.append('cal_max %r' % float(h['cal_max']))
    out.append('intent_code %d' % int(h['intent_code']))
    out.append('descrip %s' % h['descrip'].item().decode())
    out.append('values %s' % ' '.join(repr(float(x)) for x in np.asanyarray(img.dataobj).reshape(-1, order='F')))
with open(os.path.join(HERE, 'expected_labels.txt'), 'w') as f:
    f.write('\n'.join(out) + '\n')

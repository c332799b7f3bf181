"""The geometry fields of a NIfTI header as nibabel 5.0 reports them, one 'name value' line each: the part of
expected.txt (make_fixtures.py) and expected_labels.txt (check_labels.py) that the two files share.
"""
import numpy as np
import nibabel as nib


def geometry(img):
    h = img.header
    return [
        'version %d' % (2 if isinstance(h, nib.Nifti2Header) else 1),
        'endian %s' % ('big' if h.endianness == '>' else 'little'),
        'dim %s' % ' '.join(str(int(x)) for x in h['dim']),
        'datatype %d' % int(h['datatype']),
        'vox_offset %d' % int(img.dataobj.offset),  # img.header reports 0 here
        'pixdim %s' % ' '.join(repr(float(x)) for x in h['pixdim']),
        'qform_code %d' % int(h['qform_code']),
        'sform_code %d' % int(h['sform_code']),
        'quatern %s' % ' '.join(repr(float(h[k])) for k in
                                ('quatern_b', 'quatern_c', 'quatern_d', 'qoffset_x', 'qoffset_y', 'qoffset_z')),
        'srow %s' % ' '.join(repr(float(x)) for x in np.concatenate([h['srow_x'], h['srow_y'], h['srow_z']])),
        'xyzt_units %d' % int(h['xyzt_units']),
    ]

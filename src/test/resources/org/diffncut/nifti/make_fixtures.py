#!/usr/bin/python3
"""Makes the NIfTI test files and what nibabel reads from them (expected.txt).

Run with Debian's python3-nibabel 5.0 (/usr/bin/python3 make_fixtures.py, in this folder). Every volume is
3x4x2 (or 3x4x2x1) with values v[i,j,k] = base + i + 3j + 12k (negative ones for the signed types), so that
a transposed or flipped read shows up. expected.txt lists, per file, the header fields nibabel reports and every
voxel value in NIfTI order (i fastest), as get_fdata() returns them (scaling applied), or "reject".
"""
import gzip, os, struct
import numpy as np
import nibabel as nib

from nifti_fields import geometry

HERE = os.path.dirname(os.path.abspath(__file__))
SHAPE = (3, 4, 2)
AFFINE = np.array([[-1.5, 0.1, 0, 90], [0, 1.25, 0.2, -126], [0.05, 0, 2.0, -72], [0, 0, 0, 1]])
out = []


def values(dtype):
    v = np.arange(24, dtype=np.float64).reshape(SHAPE, order='F')
    if np.issubdtype(np.dtype(dtype), np.signedinteger) or np.issubdtype(np.dtype(dtype), np.floating):
        v = v * 7 - 60  # negatives
    if np.issubdtype(np.dtype(dtype), np.floating):
        v = v + 0.25
    if np.dtype(dtype) == np.uint16:
        v = v * 2000  # above 32767
    if np.dtype(dtype) == np.int32:
        v = v * 100000
    return v.astype(dtype)


def record(name):
    img = nib.load(os.path.join(HERE, name))
    h = img.header
    data = img.get_fdata(dtype=np.float64)
    out.append('file %s' % name)
    out.extend(geometry(img))
    out.append('values %s' % ' '.join(repr(float(x)) for x in data.reshape(-1, order='F')))


def save(name, dtype, endian='<', version=1, slope=None, inter=None, four_d=False, keep=True):
    data = values(dtype)
    if four_d:
        data = data.reshape(SHAPE + (1,), order='F')
    cls = nib.Nifti2Image if version == 2 else nib.Nifti1Image
    img = cls(data, AFFINE)
    img.set_qform(AFFINE @ np.diag([1, 1, 1, 1]), code=1)  # scanner qform beside the aligned sform
    img.header.set_data_dtype(dtype)
    img.header['pixdim'][4] = 2.5  # a TR, kept by the writer
    img.header.set_xyzt_units('mm', 'sec')
    if slope is not None:
        img.header.set_slope_inter(slope, inter)
    if endian == '>':
        img = cls(img.dataobj, img.affine, img.header.as_byteswapped('>'))
    nib.save(img, os.path.join(HERE, name))
    if keep:
        record(name)


save('u8.nii', np.uint8)
save('i16.nii', np.int16)
save('i16_be.nii', np.int16, endian='>')
save('u16.nii', np.uint16)
save('i32_be.nii', np.int32, endian='>')
save('f32.nii', np.float32)
save('f64_be.nii', np.float64, endian='>')
save('i16_scaled.nii', np.int16, slope=0.5, inter=-3.0)
save('f32_4d.nii.gz', np.float32, four_d=True)
save('n2_i16.nii', np.int16, version=2)
save('n2_f64_be.nii.gz', np.float64, endian='>', version=2)
save('i16_slope0.nii', np.int16, keep=False)


def patch(src, dst, offset, fmt, value):
    b = bytearray(open(os.path.join(HERE, src), 'rb').read())
    struct.pack_into(fmt, b, offset, value)
    open(os.path.join(HERE, dst), 'wb').write(bytes(b))


# slope 0 means "no scaling", whatever scl_inter says (nibabel: get_slope_inter() is (None, None))
patch('i16_slope0.nii', 'i16_slope0.nii', 112, '<f', 0.0)
patch('i16_slope0.nii', 'i16_slope0.nii', 116, '<f', 5.0)
record('i16_slope0.nii')
# vox_offset 400 (nibabel always writes 352): 48 bytes of padding before the voxels
b = bytearray(open(os.path.join(HERE, 'u8.nii'), 'rb').read())
b = b[:352] + bytes(48) + b[352:]
struct.pack_into('<f', b, 108, 400.0)
open(os.path.join(HERE, 'u8_offset.nii'), 'wb').write(bytes(b))
record('u8_offset.nii')

# rejections
raw = open(os.path.join(HERE, 'i16.nii'), 'rb').read()
patch('i16.nii', 'bad_sizeof.nii', 0, '<i', 349)
patch('i16.nii', 'bad_magic.nii', 344, '4s', b'nx1\0')
patch('i16.nii', 'rgb24.nii', 70, '<h', 128)
patch('i16.nii', 'complex64.nii', 70, '<h', 32)
open(os.path.join(HERE, 'short.nii'), 'wb').write(raw[:-10])  # dims need 10 more bytes
gz = gzip.compress(raw)
open(os.path.join(HERE, 'truncated.nii.gz'), 'wb').write(gz[:len(gz) // 2])
bad = bytearray(gz)
for i in range(20, 40):
    bad[i] ^= 0x5a
open(os.path.join(HERE, 'corrupt.nii.gz'), 'wb').write(bytes(bad))
for name in ('bad_sizeof.nii', 'bad_magic.nii', 'rgb24.nii', 'complex64.nii', 'short.nii', 'truncated.nii.gz',
             'corrupt.nii.gz'):
    try:
        img = nib.load(os.path.join(HERE, name))
        img.get_fdata()
        verdict = 'nibabel reads it'
    except Exception as e:
        verdict = 'nibabel rejects it (%s)' % type(e).__name__
    out.append('file %s' % name)
    out.append('reject %s' % verdict)

with open(os.path.join(HERE, 'expected.txt'), 'w') as f:
    f.write('# made by make_fixtures.py with nibabel %s, numpy %s\n' % (nib.__version__, np.__version__))
    f.write('\n'.join(out) + '\n')

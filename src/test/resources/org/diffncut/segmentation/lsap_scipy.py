# Generates lsap_scipy.txt: random small integer matrices with many ties and the assignment
# scipy.optimize.linear_sum_assignment(W, maximize=True) returns. Line format:
#   rows cols w(0,0) ... w(r-1,c-1) ; colForRow(0) ... colForRow(r-1)   (-1 = row unassigned)
# Run: python3 lsap_scipy.py > lsap_scipy.txt
import numpy as np, scipy
from scipy.optimize import linear_sum_assignment

rng = np.random.default_rng(20261124)
print("# scipy %s, numpy %s, seed 20261124, maximize=True" % (scipy.__version__, np.__version__))
for case in range(3000):
    r, c = rng.integers(1, 9, size=2)
    w = rng.integers(0, [2, 4, 10, 1000][case % 4], size=(r, c))
    if case % 3 == 0:  # absent classes: all-zero rows
        w[rng.random(r) < 0.4] = 0
    rows, cols = linear_sum_assignment(w, maximize=True)
    assign = [-1] * r
    for i, j in zip(rows, cols):
        assign[i] = int(j)
    print(r, c, " ".join(map(str, w.ravel())), ";", " ".join(map(str, assign)))

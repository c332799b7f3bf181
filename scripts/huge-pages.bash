# Sourced by scripts/diffncut and scripts/diffncut-spark: transparent huge pages where the kernel offers them
# (always, or on request). Fresh memory is costly on some virtual machines (a 64 MB attention matrix took 0.2 s to
# land in new pages here), and huge pages often cut that to a few milliseconds.
# - The Java heap's are a JVM option, left in the array huge_pages for the caller's command line.
# - PyTorch's tensors come from glibc's malloc. model.NativeMemory makes PyTorch ask for huge pages for tensors of
#   2 MB or more; glibc uses them for the rest of its memory too when GLIBC_TUNABLES holds glibc.malloc.hugetlb=1
#   (glibc 2.35 and later; older ones ignore it), which it reads only as a process starts. bench-model on a 2-core
#   VM, 21 passes each way, alternating: page faults a pass 38k against 61k (medians), the VAE 5.5 s against 6.1 s,
#   the UNet 6.0 s against 6.9 s, and 2 UNet passes over 8 s against 8.
# A glibc.malloc.hugetlb of the user's own stays, as do their other tunables.
huge_pages=()
thp=""
read -r thp 2>/dev/null < /sys/kernel/mm/transparent_hugepage/enabled || true
case "$thp" in
	*"[always]"* | *"[madvise]"*)
		huge_pages=(-XX:+UseTransparentHugePages)
		case "${GLIBC_TUNABLES:-}" in
			*glibc.malloc.hugetlb=*) ;;
			"") export GLIBC_TUNABLES=glibc.malloc.hugetlb=1 ;;
			*) export GLIBC_TUNABLES="$GLIBC_TUNABLES:glibc.malloc.hugetlb=1" ;;
		esac ;;
esac

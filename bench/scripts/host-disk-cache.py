#!/usr/bin/env python3
"""Does something below this machine cache its disk beyond the guest's page cache?

Reads random 4 KiB pages of FILE (an existing file that nothing read lately, e.g. a large old one),
drops the page cache (`echo 3 > /proc/sys/vm/drop_caches`, as root), and reads the same pages again.
On bare metal both passes go to the disk and run at about the same rate; on a VM whose host caches
the virtual disk, the second pass is several times faster. `scone bench table-scale` drops the
guest's page cache before each variant and cannot drop the host's, so there the variants that run
later read what earlier ones brought into the host's cache (docs/BENCHMARKS.md).

Usage: sudo bench/scripts/host-disk-cache.py FILE [PAGES]
"""
import os
import random
import sys
import time


def drop_page_cache():
    os.sync()
    with open('/proc/sys/vm/drop_caches', 'w') as f:
        f.write('3\n')


def reads_per_second(path, offsets):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_RANDOM)  # one page per read, no read-ahead
        start = time.monotonic()
        for offset in offsets:
            os.pread(fd, 4096, offset)
        return len(offsets) / (time.monotonic() - start)
    finally:
        os.close(fd)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    path = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    pages = os.path.getsize(path) // 4096
    rng = random.Random(7)
    offsets = [rng.randrange(pages) * 4096 for _ in range(count)]
    drop_page_cache()
    first = reads_per_second(path, offsets)
    drop_page_cache()
    again = reads_per_second(path, offsets)
    print(f"{count} random 4 KiB reads: first {first:,.0f}/s, the same pages after dropping the page cache "
          f"{again:,.0f}/s ({again / first:.2f}x)")


if __name__ == '__main__':
    main()

# Memory cost of idle connections (slope = memory per connection, Theil-Sen over every repetition)
# Redraw: gnuplot -e "set terminal svg" idle_memory.gp > idle_memory.svg
$p0s0 << EOD
0 1.9375 1.9375 1.9375
1000 18.3291 18.3291 18.3291
10000 358.882 358.882 358.882
EOD
$p0s1 << EOD
0 2.08594 2.08594 2.08594
1000 10.4805 10.4805 10.4805
10000 85.3008 85.3008 85.3008
EOD
$p0s2 << EOD
0 2.10156 2.10156 2.10156
1000 10.4766 10.4766 10.4766
10000 85.5391 85.5391 85.5391
EOD
$p0s3 << EOD
0 2.07422 2.07422 2.07422
1000 3.60938 3.60938 3.60938
10000 9.53906 9.53906 9.53906
EOD
$p0s4 << EOD
0 2.04297 2.04297 2.04297
1000 2.16797 2.16797 2.16797
EOD
$p0s5 << EOD
0 1.92188 1.92188 1.92188
1000 2.21094 2.21094 2.21094
10000 4.84766 4.84766 4.84766
EOD
$p0s6 << EOD
0 1.95703 1.95703 1.95703
1000 2.30859 2.30859 2.30859
10000 4.71094 4.71094 4.71094
EOD
$p0s7 << EOD
0 1.92969 1.92969 1.92969
1000 2.21094 2.21094 2.21094
10000 4.76562 4.76562 4.76562
EOD
$p0s8 << EOD
0 2.07031 2.07031 2.07031
1000 2.46875 2.46875 2.46875
10000 6.01562 6.01562 6.01562
EOD
$p0s9 << EOD
0 2.23828 2.23828 2.23828
1000 2.82422 2.82422 2.82422
10000 7.90234 7.90234 7.90234
EOD
$p0s10 << EOD
0 2.1875 2.1875 2.1875
1000 4.55469 4.55469 4.55469
10000 33.9453 33.9453 33.9453
EOD
$p0s11 << EOD
0 3.57031 3.57031 3.57031
1000 3.86719 3.86719 3.86719
10000 7.1875 7.1875 7.1875
EOD
$p0s12 << EOD
0 1.90625 1.90625 1.90625
1000 6.40234 6.40234 6.40234
10000 45.0586 45.0586 45.0586
EOD
$p0r0 << EOD
10000 0
EOD
$p1s0 << EOD
0 0.164062 0.164062 0.164062
1000 7.92188 7.92188 7.92188
10000 12.7344 12.7344 12.7344
EOD
$p1s1 << EOD
0 0.1875 0.1875 0.1875
1000 15.7812 15.7812 15.7812
10000 85.9531 85.9531 85.9531
EOD
$p1s2 << EOD
0 0.15625 0.15625 0.15625
1000 15.7969 15.7969 15.7969
10000 99.7891 99.7891 99.7891
EOD
$p1s3 << EOD
0 0.03125 0.03125 0.03125
1000 0.046875 0.046875 0.046875
10000 0.0625 0.0625 0.0625
EOD
$p1s4 << EOD
0 0.03125 0.03125 0.03125
1000 0.046875 0.046875 0.046875
EOD
$p1s5 << EOD
0 0.015625 0.015625 0.015625
1000 0.046875 0.046875 0.046875
10000 0.046875 0.046875 0.046875
EOD
$p1s6 << EOD
0 0.0625 0.0625 0.0625
1000 0.046875 0.046875 0.046875
10000 0.046875 0.046875 0.046875
EOD
$p1s7 << EOD
0 0.03125 0.03125 0.03125
1000 0.046875 0.046875 0.046875
10000 0.046875 0.046875 0.046875
EOD
$p1s8 << EOD
0 0.078125 0.078125 0.078125
1000 0.046875 0.046875 0.046875
10000 0.0625 0.0625 0.0625
EOD
$p1s9 << EOD
0 0.046875 0.046875 0.046875
1000 0.03125 0.03125 0.03125
10000 0.046875 0.046875 0.046875
EOD
$p1s10 << EOD
0 0.0625 0.0625 0.0625
1000 0.046875 0.046875 0.046875
10000 0.046875 0.046875 0.046875
EOD
$p1s11 << EOD
0 0.0625 0.0625 0.0625
1000 0.03125 0.03125 0.03125
10000 0.046875 0.046875 0.046875
EOD
$p1s12 << EOD
0 0.140625 0.140625 0.140625
1000 0.03125 0.03125 0.03125
10000 0.03125 0.03125 0.03125
EOD
$p1r0 << EOD
10000 0
EOD
$p2s0 << EOD
0 0.349609 0.349609 0.349609
1000 37.332 37.332 37.332
10000 116.562 116.562 116.562
EOD
$p2s1 << EOD
0 0.00390625 0.00390625 0.00390625
1000 13.0508 13.0508 13.0508
10000 65.2676 65.2676 65.2676
EOD
$p2s2 << EOD
0 -0.046875 -0.046875 -0.046875
1000 9.60938 9.60938 9.60938
10000 53.8848 53.8848 53.8848
EOD
$p2s3 << EOD
0 -0.113281 -0.113281 -0.113281
1000 5.16797 5.16797 5.16797
10000 54.6367 54.6367 54.6367
EOD
$p2s4 << EOD
0 -0.0117188 -0.0117188 -0.0117188
1000 5.03516 5.03516 5.03516
EOD
$p2s5 << EOD
0 -0.078125 -0.078125 -0.078125
1000 5.125 5.125 5.125
10000 52.9375 52.9375 52.9375
EOD
$p2s6 << EOD
0 0.0273438 0.0273438 0.0273438
1000 4.91797 4.91797 4.91797
10000 54.4375 54.4375 54.4375
EOD
$p2s7 << EOD
0 -0.0117188 -0.0117188 -0.0117188
1000 5.14844 5.14844 5.14844
10000 54.166 54.166 54.166
EOD
$p2s8 << EOD
0 0.00390625 0.00390625 0.00390625
1000 5.11328 5.11328 5.11328
10000 53.2461 53.2461 53.2461
EOD
$p2s9 << EOD
0 0.0390625 0.0390625 0.0390625
1000 5.07812 5.07812 5.07812
10000 53.8281 53.8281 53.8281
EOD
$p2s10 << EOD
0 0.0390625 0.0390625 0.0390625
1000 4.95703 4.95703 4.95703
10000 53.2578 53.2578 53.2578
EOD
$p2s11 << EOD
0 0.0703125 0.0703125 0.0703125
1000 4.95312 4.95312 4.95312
10000 59.9766 59.9766 59.9766
EOD
$p2s12 << EOD
0 0.0234375 0.0234375 0.0234375
1000 5.25781 5.25781 5.25781
10000 59.5742 59.5742 59.5742
EOD
$p2r0 << EOD
10000 -0.113281
EOD
$p3s0 << EOD
0 0 0 0
1000 0 0 0
10000 1 1 1
EOD
$p3s1 << EOD
0 0 0 0
1000 0 0 0
10000 0 0 0
EOD
$p3s2 << EOD
0 0 0 0
1000 0 0 0
10000 0 0 0
EOD
$p3s3 << EOD
0 0 0 0
1000 0 0 0
10000 0 0 0
EOD
$p3s4 << EOD
0 0 0 0
1000 0 0 0
EOD
$p3s5 << EOD
0 0 0 0
1000 0 0 0
10000 0 0 0
EOD
$p3s6 << EOD
0 0 0 0
1000 0 0 0
10000 0 0 0
EOD
$p3s7 << EOD
0 0 0 0
1000 0 0 0
10000 0 0 0
EOD
$p3s8 << EOD
0 0 0 0
1000 0 0 0
10000 -1 -1 -1
EOD
$p3s9 << EOD
0 0 0 0
1000 0 0 0
10000 0 0 0
EOD
$p3s10 << EOD
0 0 0 0
1000 0 0 0
10000 0 0 0
EOD
$p3s11 << EOD
0 0 0 0
1000 0 0 0
10000 0 0 0
EOD
$p3s12 << EOD
0 0 0 0
1000 0 0 0
10000 0 0 0
EOD
$p3r0 << EOD
10000 -1
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 1,4 title "Memory cost of idle connections (slope = memory per connection, Theil-Sen over every repetition)" font ',13'
set title "user space: server RSS"
set xlabel "idle connections held open"
set ylabel "server RSS (MiB)"
unset logscale x
unset logscale y
set format y '%g'
set xrange [-500:10500]
set yrange [0:742.292]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn: 36.6 KiB/conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn: 8.5 KiB/conn", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 3 lw 2 ps 1.2 title "thread-per-conn (stack64k): 8.5 KiB/conn", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool: 0.8 KiB/conn", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "select: 0.1 KiB/conn", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "poll: 0.3 KiB/conn", \
     $p0s6 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll: 0.3 KiB/conn", \
     $p0s7 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core: 0.3 KiB/conn", \
     $p0s8 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev: 0.4 KiB/conn", \
     $p0s9 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "libevent: 0.6 KiB/conn", \
     $p0s10 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv: 3.3 KiB/conn", \
     $p0s11 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "io-uring: 0.4 KiB/conn", \
     $p0s12 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines: 4.4 KiB/conn", \
     $p0r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title "select: refused"
set title "kernel: thread stacks (not in RSS)"
set xlabel "idle connections held open"
set ylabel "kernel stacks added (MiB)"
unset logscale x
unset logscale y
set format y '%g'
set xrange [-500:10500]
set yrange [0:206.398]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn: 1.3 KiB/conn", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn: 8.8 KiB/conn", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 3 lw 2 ps 1.2 title "thread-per-conn (stack64k): 10.2 KiB/conn", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool: 0.0 KiB/conn", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "select: 0.0 KiB/conn", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "poll: 0.0 KiB/conn", \
     $p1s6 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll: -0.0 KiB/conn", \
     $p1s7 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core: 0.0 KiB/conn", \
     $p1s8 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev: -0.0 KiB/conn", \
     $p1s9 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "libevent: 0.0 KiB/conn", \
     $p1s10 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv: -0.0 KiB/conn", \
     $p1s11 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "io-uring: -0.0 KiB/conn", \
     $p1s12 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines: -0.0 KiB/conn", \
     $p1r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title "select: refused"
set title "kernel: slab (sockets, tasks) + page tables"
set xlabel "idle connections held open"
set ylabel "kernel memory added (MiB)"
unset logscale x
unset logscale y
set format y '%g'
set xrange [-500:10500]
set yrange [-0.113281:241.213]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
set label 1 "machine-wide: both ends of each connection" at graph 0.98, graph 0.04 right font ',9'
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn: 11.9 KiB/conn", \
     $p2s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn: 6.7 KiB/conn", \
     $p2s2 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 3 lw 2 ps 1.2 title "thread-per-conn (stack64k): 5.5 KiB/conn", \
     $p2s3 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool: 5.6 KiB/conn", \
     $p2s4 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "select: 5.2 KiB/conn", \
     $p2s5 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "poll: 5.4 KiB/conn", \
     $p2s6 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll: 5.6 KiB/conn", \
     $p2s7 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core: 5.5 KiB/conn", \
     $p2s8 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev: 5.5 KiB/conn", \
     $p2s9 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "libevent: 5.5 KiB/conn", \
     $p2s10 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv: 5.4 KiB/conn", \
     $p2s11 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "io-uring: 6.1 KiB/conn", \
     $p2s12 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines: 6.1 KiB/conn", \
     $p2r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title "select: refused"
set title "kernel: TCP socket buffers"
set xlabel "idle connections held open"
set ylabel "socket buffer memory added (MiB)"
unset logscale x
unset logscale y
set format y '%g'
set xrange [-500:10500]
set yrange [-1:3.13669]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
set label 1 "machine-wide" at graph 0.98, graph 0.04 right font ',9'
plot $p3s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn: 0.1 KiB/conn", \
     $p3s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn: 0.0 KiB/conn", \
     $p3s2 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 3 lw 2 ps 1.2 title "thread-per-conn (stack64k): 0.0 KiB/conn", \
     $p3s3 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool: 0.0 KiB/conn", \
     $p3s4 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "select: 0.0 KiB/conn", \
     $p3s5 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "poll: 0.0 KiB/conn", \
     $p3s6 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll: 0.0 KiB/conn", \
     $p3s7 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core: 0.0 KiB/conn", \
     $p3s8 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev: -0.1 KiB/conn", \
     $p3s9 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "libevent: 0.0 KiB/conn", \
     $p3s10 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv: 0.0 KiB/conn", \
     $p3s11 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "io-uring: 0.0 KiB/conn", \
     $p3s12 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines: 0.0 KiB/conn", \
     $p3r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title "select: refused"
unset multiplot

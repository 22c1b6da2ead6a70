# Memory cost of idle connections (slope = memory per connection, Theil-Sen over every repetition)
# Redraw: gnuplot -e "set terminal svg" idle_memory.gp > idle_memory.svg
$p0s0 << EOD
0 1.89258 1.76562 2.01953
100 2.79883 2.76562 2.83203
1000 10.168 10.0508 10.2852
10000 85.2012 84.375 86.0273
EOD
$p0s1 << EOD
0 2.00195 1.99609 2.00781
100 2.82031 2.78125 2.85938
1000 10.4395 10.1211 10.7578
10000 89.4844 88.5391 90.4297
EOD
$p0s2 << EOD
0 1.98242 1.9375 2.02734
100 2.12695 1.98047 2.27344
1000 2.53711 2.48828 2.58594
10000 9.55469 9.24219 9.86719
EOD
$p0s3 << EOD
0 1.82812 1.81641 1.83984
100 1.74609 1.71094 1.78125
1000 1.98047 1.98047 1.98047
EOD
$p0s4 << EOD
0 1.71289 1.70312 1.72266
100 1.79883 1.73828 1.85938
1000 1.92188 1.88672 1.95703
10000 3.49023 3.47266 3.50781
EOD
$p0s5 << EOD
0 2.11133 2.08984 2.13281
100 2.19727 2.15625 2.23828
1000 2.83008 2.78906 2.87109
10000 29.2402 24.4062 34.0742
EOD
$p0s6 << EOD
0 1.91992 1.90234 1.9375
100 1.95898 1.92578 1.99219
1000 2.21289 2.14844 2.27734
10000 4.71289 4.69531 4.73047
EOD
$p0r0 << EOD
10000 0
EOD
$p1s0 << EOD
0 0.173828 0.167969 0.179688
100 1.73242 1.73047 1.73438
1000 15.7949 15.793 15.7969
10000 156.41 156.402 156.418
EOD
$p1s1 << EOD
0 0.164062 0.164062 0.164062
100 1.73633 1.73047 1.74219
1000 15.7871 15.7773 15.7969
10000 156.438 156.438 156.438
EOD
$p1s2 << EOD
0 0.0449219 0.0429688 0.046875
100 0.046875 0.0351562 0.0585938
1000 0.0507812 0.0507812 0.0507812
10000 0.0488281 0.03125 0.0664062
EOD
$p1s3 << EOD
0 0.0390625 0.0234375 0.0546875
100 0.0488281 0.0429688 0.0546875
1000 0.0410156 0.0234375 0.0585938
EOD
$p1s4 << EOD
0 0.0566406 0.0546875 0.0585938
100 0.0585938 0.0585938 0.0585938
1000 0.0351562 0.0273438 0.0429688
10000 0.0449219 0.0429688 0.046875
EOD
$p1s5 << EOD
0 0.0390625 0.03125 0.046875
100 0.0507812 0.046875 0.0546875
1000 0.0390625 0.03125 0.046875
10000 0.0546875 0.046875 0.0625
EOD
$p1s6 << EOD
0 0.0390625 0.03125 0.046875
100 0.0429688 0.0429688 0.0429688
1000 0.0390625 0.03125 0.046875
10000 0.046875 0.046875 0.046875
EOD
$p1r0 << EOD
10000 0
EOD
$p2s0 << EOD
0 -0.0078125 -0.0585938 0.0429688
100 1.24219 1.17969 1.30469
1000 15.4785 15.3164 15.6406
10000 164.467 163.277 165.656
EOD
$p2s1 << EOD
0 0.0117188 -0.0429688 0.0664062
100 0.65625 0.636719 0.675781
1000 11.4746 11.2891 11.6602
10000 125.715 125.258 126.172
EOD
$p2s2 << EOD
0 0.0292969 0.0234375 0.0351562
100 0.242188 0.171875 0.3125
1000 5.16406 5.13672 5.19141
10000 54.6543 53.7305 55.5781
EOD
$p2s3 << EOD
0 -0.144531 -0.300781 0.0117188
100 0.248047 0.171875 0.324219
1000 4.88477 4.71875 5.05078
EOD
$p2s4 << EOD
0 0 -0.046875 0.046875
100 0.236328 0.203125 0.269531
1000 5.02734 4.81641 5.23828
10000 54.2051 53.5312 54.8789
EOD
$p2s5 << EOD
0 0.0351562 0.015625 0.0546875
100 0.179688 0.09375 0.265625
1000 5.11914 5.08984 5.14844
10000 53.998 53.5625 54.4336
EOD
$p2s6 << EOD
0 0.0224609 -0.0332031 0.078125
100 0.265625 0.234375 0.296875
1000 5.04688 5.04688 5.04688
10000 53.9551 53.6914 54.2188
EOD
$p2r0 << EOD
10000 -0.300781
EOD
$p3s0 << EOD
0 0 0 0
100 0 0 0
1000 0 0 0
10000 0 0 0
EOD
$p3s1 << EOD
0 0 0 0
100 0 0 0
1000 0 0 0
10000 0 0 0
EOD
$p3s2 << EOD
0 0 0 0
100 0 0 0
1000 0 0 0
10000 0 0 0
EOD
$p3s3 << EOD
0 0 0 0
100 0 0 0
1000 0 0 0
EOD
$p3s4 << EOD
0 0 0 0
100 0 0 0
1000 0 0 0
10000 0 0 0
EOD
$p3s5 << EOD
0 0 0 0
100 0 0 0
1000 -0.173828 -0.347656 0
10000 0 0 0
EOD
$p3s6 << EOD
0 0 0 0
100 0 0 0
1000 0 0 0
10000 0 0 0
EOD
$p3r0 << EOD
10000 -0.347656
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
set yrange [0:133.155]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn: 8.5 KiB/conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 3 lw 2 ps 1.2 title "thread-per-conn (stack64k): 8.9 KiB/conn", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool: 0.7 KiB/conn", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select: 0.2 KiB/conn", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll: 0.2 KiB/conn", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv: 1.9 KiB/conn", \
     $p0s6 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev: 0.3 KiB/conn", \
     $p0r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title "select: refused"
set title "kernel: thread stacks (not in RSS)"
set xlabel "idle connections held open"
set ylabel "kernel stacks added (MiB)"
unset logscale x
unset logscale y
set format y '%g'
set xrange [-500:10500]
set yrange [0:230.35]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn: 16.0 KiB/conn", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 3 lw 2 ps 1.2 title "thread-per-conn (stack64k): 16.0 KiB/conn", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool: 0.0 KiB/conn", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select: 0.0 KiB/conn", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll: -0.0 KiB/conn", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv: 0.0 KiB/conn", \
     $p1s6 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev: 0.0 KiB/conn", \
     $p1r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title "select: refused"
set title "kernel: slab (sockets, tasks) + page tables"
set xlabel "idle connections held open"
set ylabel "kernel memory added (MiB)"
unset logscale x
unset logscale y
set format y '%g'
set xrange [-500:10500]
set yrange [-0.300781:244.066]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
set label 1 "machine-wide: both ends of each connection" at graph 0.98, graph 0.04 right font ',9'
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn: 16.6 KiB/conn", \
     $p2s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 3 lw 2 ps 1.2 title "thread-per-conn (stack64k): 12.7 KiB/conn", \
     $p2s2 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool: 5.5 KiB/conn", \
     $p2s3 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select: 5.3 KiB/conn", \
     $p2s4 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll: 5.5 KiB/conn", \
     $p2s5 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv: 5.5 KiB/conn", \
     $p2s6 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev: 5.5 KiB/conn", \
     $p2r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title "select: refused"
set title "kernel: TCP socket buffers"
set xlabel "idle connections held open"
set ylabel "socket buffer memory added (MiB)"
unset logscale x
unset logscale y
set format y '%g'
set xrange [-500:10500]
set yrange [-0.347656:0.164258]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
set label 1 "machine-wide" at graph 0.98, graph 0.04 right font ',9'
plot $p3s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn: 0.0 KiB/conn", \
     $p3s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 3 lw 2 ps 1.2 title "thread-per-conn (stack64k): 0.0 KiB/conn", \
     $p3s2 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool: 0.0 KiB/conn", \
     $p3s3 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select: 0.0 KiB/conn", \
     $p3s4 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll: 0.0 KiB/conn", \
     $p3s5 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv: 0.0 KiB/conn", \
     $p3s6 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev: 0.0 KiB/conn", \
     $p3r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title "select: refused"
unset multiplot

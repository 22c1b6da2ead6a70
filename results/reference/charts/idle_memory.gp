# Memory cost of idle connections (slope = memory per connection, Theil-Sen over every repetition)
# Redraw: gnuplot -e "set terminal svg" idle_memory.gp > idle_memory.svg
$p0s0 << EOD
0 1.99805 1.9375 2.05859
100 2.86133 2.84375 2.87891
1000 10.1562 10.0898 10.2227
10000 87.0762 84.332 89.8203
EOD
$p0s1 << EOD
0 1.99609 1.96094 2.03125
100 2.80859 2.79688 2.82031
1000 10.6875 10.3242 11.0508
10000 86.3203 84.5586 88.082
EOD
$p0s2 << EOD
0 1.97461 1.92188 2.02734
100 2.16602 2.10156 2.23047
1000 2.45898 2.42969 2.48828
10000 9.58789 4.5625 14.6133
EOD
$p0s3 << EOD
0 1.73242 1.69922 1.76562
100 1.7832 1.78125 1.78516
1000 1.92969 1.875 1.98438
EOD
$p0s4 << EOD
0 1.75195 1.69531 1.80859
100 1.74609 1.71094 1.78125
1000 1.96484 1.9375 1.99219
10000 3.52344 3.48047 3.56641
EOD
$p0s5 << EOD
0 2 1.98047 2.01953
100 2.16406 2.15625 2.17188
1000 3.11133 2.84375 3.37891
10000 33.7129 28.8164 38.6094
EOD
$p0s6 << EOD
0 1.9375 1.83594 2.03906
100 1.95508 1.95312 1.95703
1000 2.23242 2.19141 2.27344
10000 4.75 4.73438 4.76562
EOD
$p0r0 << EOD
10000 0
EOD
$p1s0 << EOD
0 0.171875 0.171875 0.171875
100 1.73242 1.71875 1.74609
1000 15.8027 15.7969 15.8086
10000 156.378 156.334 156.422
EOD
$p1s1 << EOD
0 0.177734 0.171875 0.183594
100 1.72461 1.72266 1.72656
1000 15.7949 15.7812 15.8086
10000 156.43 156.422 156.438
EOD
$p1s2 << EOD
0 0.0644531 0.0625 0.0664062
100 0.0664062 0.0664062 0.0664062
1000 0.0410156 0.0351562 0.046875
10000 0.0644531 0.0625 0.0664062
EOD
$p1s3 << EOD
0 0.0546875 0.0546875 0.0546875
100 0.0253906 0.0234375 0.0273438
1000 0.0507812 0.046875 0.0546875
EOD
$p1s4 << EOD
0 0.0292969 0.0273438 0.03125
100 0.0429688 0.0429688 0.0429688
1000 0.0527344 0.046875 0.0585938
10000 0.0449219 0.0429688 0.046875
EOD
$p1s5 << EOD
0 0.0527344 0.046875 0.0585938
100 0.0800781 0.0273438 0.132812
1000 0.0527344 0.046875 0.0585938
10000 0.046875 0.046875 0.046875
EOD
$p1s6 << EOD
0 0.0507812 0.0429688 0.0585938
100 0.03125 0.03125 0.03125
1000 0.0507812 0.046875 0.0546875
10000 0.0605469 0.0585938 0.0625
EOD
$p1r0 << EOD
10000 0
EOD
$p2s0 << EOD
0 0.105469 0.0546875 0.15625
100 1.34961 1.25391 1.44531
1000 15.5137 15.5039 15.5234
10000 164.633 163.102 166.164
EOD
$p2s1 << EOD
0 0.0566406 -0.0117188 0.125
100 0.755859 0.65625 0.855469
1000 11.5977 11.5039 11.6914
10000 125.77 125.246 126.293
EOD
$p2s2 << EOD
0 0.0800781 0.0429688 0.117188
100 0.246094 0.203125 0.289062
1000 5.11914 5.06641 5.17188
10000 54.6494 53.707 55.5918
EOD
$p2s3 << EOD
0 -0.0722656 -0.144531 0
100 0.253906 0.226562 0.28125
1000 4.88281 4.82812 4.9375
EOD
$p2s4 << EOD
0 0.0253906 0 0.0507812
100 0.240234 0.222656 0.257812
1000 5.24609 5.19922 5.29297
10000 54.2969 53.7969 54.7969
EOD
$p2s5 << EOD
0 0.0351562 0.015625 0.0546875
100 0.250977 0.148438 0.353516
1000 5.12305 5.00391 5.24219
10000 53.9189 53.4902 54.3477
EOD
$p2s6 << EOD
0 0 -0.0429688 0.0429688
100 0.230469 0.222656 0.238281
1000 4.98242 4.73047 5.23438
10000 54.0156 53.6094 54.4219
EOD
$p2r0 << EOD
10000 -0.144531
EOD
$p3s0 << EOD
0 0 0 0
100 0 0 0
1000 0.3125 0 0.625
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
1000 0 0 0
10000 0 0 0
EOD
$p3s6 << EOD
0 0 0 0
100 0 0 0
1000 0 0 0
10000 0 0 0
EOD
$p3r0 << EOD
10000 0
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
set yrange [0:132.258]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn: 8.4 KiB/conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 3 lw 2 ps 1.2 title "thread-per-conn (stack64k): 8.6 KiB/conn", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool: 0.5 KiB/conn", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select: 0.2 KiB/conn", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll: 0.2 KiB/conn", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv: 2.4 KiB/conn", \
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
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select: -0.0 KiB/conn", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll: 0.0 KiB/conn", \
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
set yrange [-0.144531:244.74]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
set label 1 "machine-wide: both ends of each connection" at graph 0.98, graph 0.04 right font ',9'
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn: 16.5 KiB/conn", \
     $p2s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 3 lw 2 ps 1.2 title "thread-per-conn (stack64k): 12.7 KiB/conn", \
     $p2s2 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool: 5.5 KiB/conn", \
     $p2s3 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select: 5.1 KiB/conn", \
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
set yrange [0:0.920294]
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

# Memory cost of idle connections (slope = memory per connection, Theil-Sen over every repetition)
# Redraw: gnuplot -e "set terminal svg" idle_memory.gp > idle_memory.svg
$p0s0 << EOD
0 2.05273 1.99219 2.11328
100 2.90625 2.87109 2.94141
1000 10.5078 10.4766 10.5391
10000 85.0918 84.4531 85.7305
EOD
$p0s1 << EOD
0 2.08594 2.05469 2.11719
100 3.00586 2.94922 3.0625
1000 10.6074 10.5703 10.6445
10000 85.5527 84.2188 86.8867
EOD
$p0s2 << EOD
0 2.04297 2.03906 2.04688
100 2.3418 2.32422 2.35938
1000 3.45508 2.62891 4.28125
10000 12.0801 10.0742 14.0859
EOD
$p0s3 << EOD
0 1.91797 1.87891 1.95703
100 1.91992 1.91406 1.92578
1000 2.19727 2.19531 2.19922
EOD
$p0s4 << EOD
0 1.98047 1.94141 2.01953
100 1.93945 1.91406 1.96484
1000 2.17383 2.17188 2.17578
10000 4.74414 4.71094 4.77734
EOD
$p0s5 << EOD
0 2.23828 2.19922 2.27734
100 2.3125 2.3125 2.3125
1000 3.87109 3.68359 4.05859
10000 20.4258 12.0859 28.7656
EOD
$p0s6 << EOD
0 2.08203 2.08203 2.08203
100 2.20508 2.20312 2.20703
1000 2.41602 2.39062 2.44141
10000 5.63477 5.62891 5.64062
EOD
$p0r0 << EOD
10000 0
EOD
$p1s0 << EOD
0 0.1875 0.1875 0.1875
100 1.74219 1.73438 1.75
1000 15.7891 15.7812 15.7969
10000 103.664 93.3281 114
EOD
$p1s1 << EOD
0 0.179688 0.171875 0.1875
100 1.73438 1.71875 1.75
1000 15.7969 15.7812 15.8125
10000 86.5742 84.2188 88.9297
EOD
$p1s2 << EOD
0 0.0429688 0.03125 0.0546875
100 0.0625 0.0625 0.0625
1000 0.0664062 0.046875 0.0859375
10000 0.0546875 0.046875 0.0625
EOD
$p1s3 << EOD
0 0.0546875 0.046875 0.0625
100 0.0390625 0.03125 0.046875
1000 0.0390625 0.03125 0.046875
EOD
$p1s4 << EOD
0 0.046875 0.03125 0.0625
100 0.0507812 0.0234375 0.078125
1000 0.0429688 0.03125 0.0546875
10000 0.046875 0.03125 0.0625
EOD
$p1s5 << EOD
0 0.0546875 0.046875 0.0625
100 0.0390625 0.03125 0.046875
1000 0.046875 0.046875 0.046875
10000 0.0390625 0.03125 0.046875
EOD
$p1s6 << EOD
0 0.0859375 0.046875 0.125
100 0.0546875 0.046875 0.0625
1000 0.109375 0.046875 0.171875
10000 0.0546875 0.046875 0.0625
EOD
$p1r0 << EOD
10000 0
EOD
$p2s0 << EOD
0 0.0078125 -0.0898438 0.105469
100 0.962891 0.898438 1.02734
1000 12.9375 12.8711 13.0039
10000 72.29 61.8105 82.7695
EOD
$p2s1 << EOD
0 -0.0234375 -0.046875 0
100 0.308594 0.300781 0.316406
1000 9.16992 9.12891 9.21094
10000 46.918 46.623 47.2129
EOD
$p2s2 << EOD
0 -0.0234375 -0.0546875 0.0078125
100 0.210938 0.15625 0.265625
1000 5.17773 5.13281 5.22266
10000 54.5059 53.5742 55.4375
EOD
$p2s3 << EOD
0 0.0253906 0.0117188 0.0390625
100 0.220703 0.195312 0.246094
1000 4.65625 4.52734 4.78516
EOD
$p2s4 << EOD
0 0.0234375 0 0.046875
100 0.130859 0.0898438 0.171875
1000 4.83594 4.71484 4.95703
10000 54.0977 53.4727 54.7227
EOD
$p2s5 << EOD
0 0.046875 0.0117188 0.0820312
100 0.228516 0.121094 0.335938
1000 4.3418 3.78516 4.89844
10000 53.5615 53.0469 54.0762
EOD
$p2s6 << EOD
0 0.130859 0.0507812 0.210938
100 0.289062 0.269531 0.308594
1000 4.88281 4.76953 4.99609
10000 53.7344 53.5156 53.9531
EOD
$p2r0 << EOD
10000 -0.0898438
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
1000 -0.349609 -0.699219 0
10000 0 0 0
EOD
$p3s5 << EOD
0 0 0 0
100 0.349609 0 0.699219
1000 0 0 0
10000 0 0 0
EOD
$p3s6 << EOD
0 -0.349609 -0.699219 0
100 0 0 0
1000 0 0 0
10000 0 0 0
EOD
$p3r0 << EOD
10000 -0.699219
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
set yrange [0:127.938]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn: 8.6 KiB/conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 3 lw 2 ps 1.2 title "thread-per-conn (stack64k): 8.7 KiB/conn", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool: 1.2 KiB/conn", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select: 0.3 KiB/conn", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll: 0.3 KiB/conn", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv: 1.5 KiB/conn", \
     $p0s6 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev: 0.4 KiB/conn", \
     $p0r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title "select: refused"
set title "kernel: thread stacks (not in RSS)"
set xlabel "idle connections held open"
set ylabel "kernel stacks added (MiB)"
unset logscale x
unset logscale y
set format y '%g'
set xrange [-500:10500]
set yrange [0:167.862]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn: 13.7 KiB/conn", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 3 lw 2 ps 1.2 title "thread-per-conn (stack64k): 12.4 KiB/conn", \
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
set yrange [-0.0898438:121.918]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
set label 1 "machine-wide: both ends of each connection" at graph 0.98, graph 0.04 right font ',9'
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn: 8.5 KiB/conn", \
     $p2s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 3 lw 2 ps 1.2 title "thread-per-conn (stack64k): 4.8 KiB/conn", \
     $p2s2 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool: 5.5 KiB/conn", \
     $p2s3 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select: 4.7 KiB/conn", \
     $p2s4 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll: 5.5 KiB/conn", \
     $p2s5 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv: 5.4 KiB/conn", \
     $p2s6 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev: 5.4 KiB/conn", \
     $p2r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title "select: refused"
set title "kernel: TCP socket buffers"
set xlabel "idle connections held open"
set ylabel "socket buffer memory added (MiB)"
unset logscale x
unset logscale y
set format y '%g'
set xrange [-500:10500]
set yrange [-0.699219:1.35994]
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

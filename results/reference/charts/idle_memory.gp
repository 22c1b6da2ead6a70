# Memory cost of idle connections (slope = memory per connection, Theil-Sen)
# Redraw: gnuplot -e "set terminal svg" idle_memory.gp > idle_memory.svg
$p0s0 << EOD
0 2.98828 2.98828 2.98828
1000 196.855 196.855 196.855
10000 1998.13 1998.13 1998.13
EOD
$p0s1 << EOD
0 1.79297 1.79297 1.79297
1000 39.6641 39.6641 39.6641
10000 380.367 380.367 380.367
EOD
$p0s2 << EOD
0 1.80078 1.80078 1.80078
1000 35.8984 35.8984 35.8984
10000 342.086 342.086 342.086
EOD
$p0s3 << EOD
0 2.27344 2.27344 2.27344
1000 6.16016 6.16016 6.16016
10000 42.2227 42.2227 42.2227
EOD
$p0s4 << EOD
0 1.41797 1.41797 1.41797
1000 5.39844 5.39844 5.39844
EOD
$p0s5 << EOD
0 1.49219 1.49219 1.49219
1000 5.32031 5.32031 5.32031
10000 39.375 39.375 39.375
EOD
$p0s6 << EOD
0 1.68359 1.68359 1.68359
1000 5.44531 5.44531 5.44531
10000 41.6016 41.6016 41.6016
EOD
$p0s7 << EOD
0 1.46484 1.46484 1.46484
1000 5.67578 5.67578 5.67578
10000 41.5469 41.5469 41.5469
EOD
$p0s8 << EOD
0 1.66016 1.66016 1.66016
1000 5.64844 5.64844 5.64844
10000 42.5781 42.5781 42.5781
EOD
$p0s9 << EOD
0 1.44531 1.44531 1.44531
1000 5.85156 5.85156 5.85156
10000 44.3359 44.3359 44.3359
EOD
$p0s10 << EOD
0 1.66016 1.66016 1.66016
1000 7.33594 7.33594 7.33594
10000 48.4883 48.4883 48.4883
EOD
$p0s11 << EOD
0 3.39062 3.39062 3.39062
1000 7.41797 7.41797 7.41797
10000 44.4414 44.4414 44.4414
EOD
$p0s12 << EOD
0 1.64453 1.64453 1.64453
1000 10.4062 10.4062 10.4062
10000 88.5781 88.5781 88.5781
EOD
$p0r0 << EOD
10000 0
EOD
$p1s0 << EOD
0 1.30859 1.30859 1.30859
1000 141.164 141.164 141.164
10000 1421.98 1421.98 1421.98
EOD
$p1s1 << EOD
0 0.433594 0.433594 0.433594
1000 30.6406 30.6406 30.6406
10000 301.258 301.258 301.258
EOD
$p1s2 << EOD
0 0.40625 0.40625 0.40625
1000 25.9883 25.9883 25.9883
10000 267.52 267.52 267.52
EOD
$p1s3 << EOD
0 0.648438 0.648438 0.648438
1000 4.32422 4.32422 4.32422
10000 37.7695 37.7695 37.7695
EOD
$p1s4 << EOD
0 0.21875 0.21875 0.21875
1000 3.64453 3.64453 3.64453
EOD
$p1s5 << EOD
0 0.214844 0.214844 0.214844
1000 3.99219 3.99219 3.99219
10000 36.0625 36.0625 36.0625
EOD
$p1s6 << EOD
0 0.226562 0.226562 0.226562
1000 3.875 3.875 3.875
10000 37.1094 37.1094 37.1094
EOD
$p1s7 << EOD
0 0.226562 0.226562 0.226562
1000 3.875 3.875 3.875
10000 37.1016 37.1016 37.1016
EOD
$p1s8 << EOD
0 0.230469 0.230469 0.230469
1000 3.875 3.875 3.875
10000 37.6094 37.6094 37.6094
EOD
$p1s9 << EOD
0 0.226562 0.226562 0.226562
1000 3.88672 3.88672 3.88672
10000 38.1641 38.1641 38.1641
EOD
$p1s10 << EOD
0 0.226562 0.226562 0.226562
1000 5.46484 5.46484 5.46484
10000 38.1445 38.1445 38.1445
EOD
$p1s11 << EOD
0 0.996094 0.996094 0.996094
1000 4.67188 4.67188 4.67188
10000 38.4297 38.4297 38.4297
EOD
$p1s12 << EOD
0 0.21875 0.21875 0.21875
1000 4.56641 4.56641 4.56641
10000 49.3281 49.3281 49.3281
EOD
$p1r0 << EOD
10000 0
EOD
$p2s0 << EOD
0 0.140625 0.140625 0.140625
1000 15.7656 15.7656 15.7656
10000 156.391 156.391 156.391
EOD
$p2s1 << EOD
0 0.140625 0.140625 0.140625
1000 15.7656 15.7656 15.7656
10000 156.391 156.391 156.391
EOD
$p2s2 << EOD
0 0.140625 0.140625 0.140625
1000 15.7656 15.7656 15.7656
10000 156.391 156.391 156.391
EOD
$p2s3 << EOD
0 0.265625 0.265625 0.265625
1000 0.265625 0.265625 0.265625
10000 0.265625 0.265625 0.265625
EOD
$p2s4 << EOD
0 0.015625 0.015625 0.015625
1000 0.015625 0.015625 0.015625
EOD
$p2s5 << EOD
0 0.015625 0.015625 0.015625
1000 0.015625 0.015625 0.015625
10000 0.015625 0.015625 0.015625
EOD
$p2s6 << EOD
0 0.015625 0.015625 0.015625
1000 0.015625 0.015625 0.015625
10000 0.015625 0.015625 0.015625
EOD
$p2s7 << EOD
0 0.015625 0.015625 0.015625
1000 0.015625 0.015625 0.015625
10000 0.015625 0.015625 0.015625
EOD
$p2s8 << EOD
0 0.015625 0.015625 0.015625
1000 0.015625 0.015625 0.015625
10000 0.015625 0.015625 0.015625
EOD
$p2s9 << EOD
0 0.015625 0.015625 0.015625
1000 0.015625 0.015625 0.015625
10000 0.015625 0.015625 0.015625
EOD
$p2s10 << EOD
0 0.015625 0.015625 0.015625
1000 0.015625 0.015625 0.015625
10000 0.015625 0.015625 0.015625
EOD
$p2s11 << EOD
0 0.015625 0.015625 0.015625
1000 0.015625 0.015625 0.015625
10000 0.015625 0.015625 0.015625
EOD
$p2s12 << EOD
0 0.015625 0.015625 0.015625
1000 0.015625 0.015625 0.015625
10000 0.015625 0.015625 0.015625
EOD
$p2r0 << EOD
10000 0
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 1,3 title "Memory cost of idle connections (slope = memory per connection, Theil-Sen)" font ',13'
set title "the server's memory, user + kernel (cgroup-v1)"
set xlabel "idle connections held open"
set ylabel "memory charged (MiB)"
unset logscale x
unset logscale y
set format y '%g'
set xrange [-500:10500]
set yrange [0:4132.82]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn: 204 KiB/conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn: 38.8 KiB/conn", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 3 lw 2 ps 1.2 title "thread-per-conn (stack64k): 34.8 KiB/conn", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool: 4.09 KiB/conn", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "select: 4.08 KiB/conn", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "poll: 3.88 KiB/conn", \
     $p0s6 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll: 4.09 KiB/conn", \
     $p0s7 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core: 4.1 KiB/conn", \
     $p0s8 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev: 4.19 KiB/conn", \
     $p0s9 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "libevent: 4.39 KiB/conn", \
     $p0s10 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv: 4.8 KiB/conn", \
     $p0s11 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "io-uring: 4.2 KiB/conn", \
     $p0s12 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines: 8.9 KiB/conn", \
     $p0r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title "select: refused"
set title "its kernel part: stacks, page tables, slab, sockets"
set xlabel "idle connections held open"
set ylabel "kernel memory charged (MiB)"
unset logscale x
unset logscale y
set format y '%g'
set xrange [-500:10500]
set yrange [0:2941.15]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn: 145 KiB/conn", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn: 30.8 KiB/conn", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 3 lw 2 ps 1.2 title "thread-per-conn (stack64k): 27.4 KiB/conn", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool: 3.8 KiB/conn", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "select: 3.51 KiB/conn", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "poll: 3.67 KiB/conn", \
     $p1s6 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll: 3.78 KiB/conn", \
     $p1s7 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core: 3.78 KiB/conn", \
     $p1s8 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev: 3.83 KiB/conn", \
     $p1s9 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "libevent: 3.88 KiB/conn", \
     $p1s10 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv: 3.88 KiB/conn", \
     $p1s11 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "io-uring: 3.83 KiB/conn", \
     $p1s12 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines: 5.03 KiB/conn", \
     $p1r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title "select: refused"
set title "kernel stacks: tasks x 16 KiB (cgroup-v1 has no figure)"
set xlabel "idle connections held open"
set ylabel "kernel stacks (MiB)"
unset logscale x
unset logscale y
set format y '%g'
set xrange [-500:10500]
set yrange [0:323.47]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn: 16 KiB/conn", \
     $p2s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn: 16 KiB/conn", \
     $p2s2 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 3 lw 2 ps 1.2 title "thread-per-conn (stack64k): 16 KiB/conn", \
     $p2s3 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool: 0 KiB/conn", \
     $p2s4 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "select: 0 KiB/conn", \
     $p2s5 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "poll: 0 KiB/conn", \
     $p2s6 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll: 0 KiB/conn", \
     $p2s7 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core: 0 KiB/conn", \
     $p2s8 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev: 0 KiB/conn", \
     $p2s9 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "libevent: 0 KiB/conn", \
     $p2s10 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv: 0 KiB/conn", \
     $p2s11 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "io-uring: 0 KiB/conn", \
     $p2s12 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines: 0 KiB/conn", \
     $p2r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title "select: refused"
unset multiplot

# What idle connections cost the 8 active ones
# Redraw: gnuplot -e "set terminal svg" idle_active.gp > idle_active.svg
$p0s0 << EOD
1 83746.9 83746.9 83746.9
1000 81242.2 81242.2 81242.2
EOD
$p0s1 << EOD
1 91949.7 91949.7 91949.7
1000 84801.7 84801.7 84801.7
10000 88746.9 88746.9 88746.9
EOD
$p0s2 << EOD
1 92415.9 92415.9 92415.9
1000 84553.5 84553.5 84553.5
10000 84766.3 84766.3 84766.3
EOD
$p0s3 << EOD
1 66273.5 66273.5 66273.5
1000 66543.9 66543.9 66543.9
10000 66044.9 66044.9 66044.9
EOD
$p0s4 << EOD
1 141588 141588 141588
1000 30274.8 30274.8 30274.8
EOD
$p0s5 << EOD
1 144735 144735 144735
1000 30647.8 30647.8 30647.8
10000 2191.76 2191.76 2191.76
EOD
$p0s6 << EOD
1 142338 142338 142338
1000 141804 141804 141804
10000 141443 141443 141443
EOD
$p0s7 << EOD
1 142155 142155 142155
1000 142163 142163 142163
10000 142012 142012 142012
EOD
$p0s8 << EOD
1 125652 125652 125652
1000 142340 142340 142340
10000 141943 141943 141943
EOD
$p0s9 << EOD
1 140127 140127 140127
1000 138660 138660 138660
10000 139854 139854 139854
EOD
$p0s10 << EOD
1 139380 139380 139380
1000 140639 140639 140639
10000 140211 140211 140211
EOD
$p0s11 << EOD
1 145508 145508 145508
1000 145389 145389 145389
10000 145549 145549 145549
EOD
$p0s12 << EOD
1 135754 135754 135754
1000 140991 140991 140991
10000 142058 142058 142058
EOD
$p0r0 << EOD
10000 1095.88
EOD
$p0l << EOD
1 141588
1 144735
1 142338
1000 141804
10000 141443
1 142155
1000 142163
10000 142012
1000 142340
10000 141943
1 140127
1000 138660
10000 139854
1 139380
1000 140639
10000 140211
1 145508
1000 145389
10000 145549
1 135754
1000 140991
10000 142058
EOD
$p1s0 << EOD
1 11.3489 11.3489 11.3489
1000 10.5045 10.5045 10.5045
EOD
$p1s1 << EOD
1 10.572 10.572 10.572
1000 10.7269 10.7269 10.7269
10000 9.4811 9.4811 9.4811
EOD
$p1s2 << EOD
1 10.5367 10.5367 10.5367
1000 10.9024 10.9024 10.9024
10000 9.77455 9.77455 9.77455
EOD
$p1s3 << EOD
1 14.564 14.564 14.564
1000 14.9204 14.9204 14.9204
10000 14.8756 14.8756 14.8756
EOD
$p1s4 << EOD
1 6.85785 6.85785 6.85785
1000 32.7571 32.7571 32.7571
EOD
$p1s5 << EOD
1 6.68873 6.68873 6.68873
1000 32.5155 32.5155 32.5155
10000 438.693 438.693 438.693
EOD
$p1s6 << EOD
1 6.8463 6.8463 6.8463
1000 6.94581 6.94581 6.94581
10000 6.66983 6.66983 6.66983
EOD
$p1s7 << EOD
1 6.84264 6.84264 6.84264
1000 6.94335 6.94335 6.94335
10000 6.75343 6.75343 6.75343
EOD
$p1s8 << EOD
1 6.78818 6.78818 6.78818
1000 6.89716 6.89716 6.89716
10000 6.75741 6.75741 6.75741
EOD
$p1s9 << EOD
1 6.9175 6.9175 6.9175
1000 7.0808 7.0808 7.0808
10000 6.84135 6.84135 6.84135
EOD
$p1s10 << EOD
1 6.94224 6.94224 6.94224
1000 7.0133 7.0133 7.0133
10000 6.99112 6.99112 6.99112
EOD
$p1s11 << EOD
1 6.64816 6.64816 6.64816
1000 6.73092 6.73092 6.73092
10000 6.5141 6.5141 6.5141
EOD
$p1s12 << EOD
1 7.03248 7.03248 7.03248
1000 6.99433 6.99433 6.99433
10000 6.91655 6.91655 6.91655
EOD
$p1r0 << EOD
10000 3.25705
EOD
$p1l << EOD
1 6.85785
1 6.68873
1 6.8463
1000 6.94581
10000 6.66983
1 6.84264
1000 6.94335
10000 6.75343
1000 6.89716
10000 6.75741
1 6.9175
1000 7.0808
10000 6.84135
1 6.94224
1000 7.0133
10000 6.99112
1 6.64816
1000 6.73092
10000 6.5141
1 7.03248
1000 6.99433
10000 6.91655
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 1,2 title "What idle connections cost the 8 active ones" font ',13'
set title "throughput of the 8 active connections"
set xlabel "idle connections held open (log scale; 0 drawn at 1)"
set ylabel "throughput (requests/s, log scale)"
set logscale x 10
set logscale y 10
set format y '%.0s%c'
set xrange [0.625:16000]
set yrange [730.587:1.69036e+08]
set xtics ("0" 1, "10" 10, "100" 100, "1000" 1000, "10^4" 10000, "10^5" 100000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 3 lw 2 ps 1.2 title "thread-per-conn (stack64k)", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "poll", \
     $p0s6 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p0s7 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core", \
     $p0s8 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p0s9 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "libevent", \
     $p0s10 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p0s11 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "io-uring", \
     $p0s12 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines", \
     $p0r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title "select: refused", \
     $p0l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "server CPU per request"
set xlabel "idle connections held open (log scale; 0 drawn at 1)"
set ylabel "server CPU per request (µs, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [0.625:16000]
set yrange [2.17137:519098]
set xtics ("0" 1, "10" 10, "100" 100, "1000" 1000, "10^4" 10000, "10^5" 100000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 3 lw 2 ps 1.2 title "thread-per-conn (stack64k)", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "poll", \
     $p1s6 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p1s7 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core", \
     $p1s8 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p1s9 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "libevent", \
     $p1s10 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p1s11 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "io-uring", \
     $p1s12 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines", \
     $p1r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title "select: refused", \
     $p1l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
unset multiplot

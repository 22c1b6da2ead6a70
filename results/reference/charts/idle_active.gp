# What idle connections cost the 8 active ones
# Redraw: gnuplot -e "set terminal svg" idle_active.gp > idle_active.svg
$p0s0 << EOD
1 116105 116105 116105
1000 111567 111567 111567
10000 70198.4 70198.4 70198.4
EOD
$p0s1 << EOD
1 135470 135470 135470
1000 136363 136363 136363
10000 129583 129583 129583
EOD
$p0s2 << EOD
1 131980 131980 131980
1000 135214 135214 135214
10000 112699 112699 112699
EOD
$p0s3 << EOD
1 139509 139509 139509
1000 132866 132866 132866
10000 141406 141406 141406
EOD
$p0s4 << EOD
1 197914 197914 197914
1000 34996.1 34996.1 34996.1
EOD
$p0s5 << EOD
1 227166 227166 227166
1000 35036.9 35036.9 35036.9
10000 2359.63 2359.63 2359.63
EOD
$p0s6 << EOD
1 191925 191925 191925
1000 213749 213749 213749
10000 221693 221693 221693
EOD
$p0s7 << EOD
1 223216 223216 223216
1000 226502 226502 226502
10000 255197 255197 255197
EOD
$p0s8 << EOD
1 188397 188397 188397
1000 233902 233902 233902
10000 269614 269614 269614
EOD
$p0s9 << EOD
1 218481 218481 218481
1000 229075 229075 229075
10000 256329 256329 256329
EOD
$p0s10 << EOD
1 191778 191778 191778
1000 227308 227308 227308
10000 256891 256891 256891
EOD
$p0s11 << EOD
1 209319 209319 209319
1000 188506 188506 188506
10000 220989 220989 220989
EOD
$p0s12 << EOD
1 189723 189723 189723
1000 219944 219944 219944
10000 256680 256680 256680
EOD
$p0r0 << EOD
10000 1179.82
EOD
$p0l << EOD
1 197914
1 227166
1 191925
1000 213749
10000 221693
1 223216
1000 226502
10000 255197
1 188397
1000 233902
10000 269614
1 218481
1000 229075
10000 256329
1 191778
1000 227308
10000 256891
1000 188506
1 189723
1000 219944
10000 256680
EOD
$p1s0 << EOD
1 8.25348 8.25348 8.25348
1000 8.93672 8.93672 8.93672
10000 8.42813 8.42813 8.42813
EOD
$p1s1 << EOD
1 7.13065 7.13065 7.13065
1000 6.69555 6.69555 6.69555
10000 7.54469 7.54469 7.54469
EOD
$p1s2 << EOD
1 7.30843 7.30843 7.30843
1000 6.75716 6.75716 6.75716
10000 8.00284 8.00284 8.00284
EOD
$p1s3 << EOD
1 6.96252 6.96252 6.96252
1000 7.35417 7.35417 7.35417
10000 6.74639 6.74639 6.74639
EOD
$p1s4 << EOD
1 4.88495 4.88495 4.88495
1000 27.713 27.713 27.713
EOD
$p1s5 << EOD
1 4.14302 4.14302 4.14302
1000 27.8093 27.8093 27.8093
10000 404.538 404.538 404.538
EOD
$p1s6 << EOD
1 4.98854 4.98854 4.98854
1000 4.54079 4.54079 4.54079
10000 4.18654 4.18654 4.18654
EOD
$p1s7 << EOD
1 4.25286 4.25286 4.25286
1000 4.23893 4.23893 4.23893
10000 3.62495 3.62495 3.62495
EOD
$p1s8 << EOD
1 5.11107 5.11107 5.11107
1000 4.08461 4.08461 4.08461
10000 3.40932 3.40932 3.40932
EOD
$p1s9 << EOD
1 4.38722 4.38722 4.38722
1000 4.16326 4.16326 4.16326
10000 3.62176 3.62176 3.62176
EOD
$p1s10 << EOD
1 5.0268 5.0268 5.0268
1000 4.25123 4.25123 4.25123
10000 3.64195 3.64195 3.64195
EOD
$p1s11 << EOD
1 4.01079 4.01079 4.01079
1000 4.53976 4.53976 4.53976
10000 3.73428 3.73428 3.73428
EOD
$p1s12 << EOD
1 5.05773 5.05773 5.05773
1000 4.4091 4.4091 4.4091
10000 3.78295 3.78295 3.78295
EOD
$p1r0 << EOD
10000 1.70466
EOD
$p1l << EOD
1 4.88495
1 4.14302
1 4.98854
1000 4.54079
10000 4.18654
1 4.25286
1000 4.23893
10000 3.62495
1 5.11107
1000 4.08461
10000 3.40932
1 4.38722
1000 4.16326
10000 3.62176
1 5.0268
1000 4.25123
10000 3.64195
1000 4.53976
1 5.05773
1000 4.4091
10000 3.78295
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
set yrange [786.543:6.45465e+08]
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
set yrange [1.13644:1.01845e+06]
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

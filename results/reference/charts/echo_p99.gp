# Echo, 64-byte messages: p99 latency vs concurrent connections
# Redraw: gnuplot -e "set terminal svg" echo_p99.gp > echo_p99.svg
$p0s0 << EOD
1 0.034911 0.034191 0.035631
10 1.27331 0.229311 2.31731
100 3.24915 3.16109 3.33722
1000 14.8848 13.6274 16.1423
10000 29.7369 26.6322 32.8417
EOD
$p0s1 << EOD
1 0.043807 0.043535 0.044079
10 0.221055 0.196799 0.245311
100 2.20903 2.07821 2.33984
1000 17.5964 17.5718 17.621
10000 183.566 160.891 206.242
EOD
$p0s2 << EOD
1 0.034991 0.034959 0.035023
10 0.132479 0.132031 0.132927
100 1.19245 1.1607 1.22419
1000 12.292 12.1364 12.4477
EOD
$p0s3 << EOD
1 0.034799 0.033263 0.036335
10 0.134671 0.122079 0.147263
100 1.22572 1.20166 1.24979
1000 10.3588 10.2277 10.4899
10000 213.254 212.402 214.106
EOD
$p0s4 << EOD
1 0.380423 0.033039 0.727807
10 0.128303 0.118175 0.138431
100 1.21241 1.19552 1.22931
1000 18.4955 11.8006 25.1904
10000 423.297 282.198 564.396
EOD
$p0s5 << EOD
1 0.402391 0.034479 0.770303
10 0.120735 0.111647 0.129823
100 1.24672 1.24467 1.24877
1000 14.291 14.1435 14.4384
10000 222.43 211.616 233.243
EOD
$p0r0 << EOD
10000 0.0165195
EOD
$p0l << EOD
10 0.132479
100 1.19245
1000 12.292
10 0.134671
100 1.22572
1000 10.3588
10 0.128303
100 1.21241
1000 18.4955
10 0.120735
100 1.24672
1000 14.291
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set title "Echo, 64-byte messages: p99 latency vs concurrent connections"
set xlabel "concurrent connections (log scale)"
set ylabel "p99 round-trip latency (ms, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [0.625:16000]
set yrange [0.011013:125894]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p0r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title "select: refused", \
     $p0l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"

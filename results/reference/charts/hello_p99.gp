# HTTP GET /: 99th-percentile latency vs concurrent connections
# Redraw: gnuplot -e "set terminal svg" hello_p99.gp > hello_p99.svg
$p0s0 << EOD
1 0.338815 0.326527 0.351103
10 0.486015 0.465791 0.506239
100 5.56851 5.42925 5.70777
1000 62.9637 60.4733 65.4541
10000 148.242 135.463 161.022
EOD
$p0s1 << EOD
1 0.340735 0.337791 0.343679
10 0.369791 0.338303 0.401279
100 3.54406 3.03411 4.05401
1000 15.4665 15.1757 15.7573
10000 174.129 162.857 185.401
EOD
$p0s2 << EOD
1 0.349567 0.322687 0.376447
10 0.216191 0.205887 0.226495
100 2.06259 1.8775 2.24768
1000 12.6772 11.5057 13.8486
EOD
$p0s3 << EOD
1 0.313983 0.313471 0.314495
10 0.274847 0.254399 0.295295
100 2.33779 2.26406 2.41152
1000 10.3956 9.88365 10.9076
10000 189.202 177.799 200.606
EOD
$p0s4 << EOD
1 0.325887 0.302463 0.349311
10 0.262239 0.250687 0.273791
100 2.45786 1.86317 3.05254
1000 11.948 11.5057 12.3904
10000 336.544 131.76 541.327
EOD
$p0s5 << EOD
1 0.301055 0.296319 0.305791
10 0.191295 0.172863 0.209727
100 2.42253 1.96454 2.88051
1000 14.5203 12.4314 16.6093
10000 188.023 187.761 188.285
EOD
$p0r0 << EOD
10000 0.0864315
EOD
$p0l << EOD
1000 12.6772
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set title "HTTP GET /: 99th-percentile latency vs concurrent connections"
set xlabel "concurrent connections (log scale)"
set ylabel "p99 latency (ms, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [0.625:16000]
set yrange [0.057621:51818.7]
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

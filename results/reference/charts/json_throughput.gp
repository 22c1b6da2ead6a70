# GET /json (TFB json): throughput and server CPU per request
# Redraw: gnuplot -e "set terminal svg" json_throughput.gp > json_throughput.svg
$p0s0 << EOD
256 90688.5 90688.5 90688.5
EOD
$p0s1 << EOD
256 112367 112367 112367
EOD
$p0s2 << EOD
256 155739 155739 155739
EOD
$p0s3 << EOD
256 274396 274396 274396
EOD
$p0s4 << EOD
256 279090 279090 279090
EOD
$p0s5 << EOD
256 252606 252606 252606
EOD
$p0s6 << EOD
256 253329 253329 253329
EOD
$p0s7 << EOD
256 255918 255918 255918
EOD
$p0s8 << EOD
256 245081 245081 245081
EOD
$p0s9 << EOD
256 245523 245523 245523
EOD
$p0s10 << EOD
256 275748 275748 275748
EOD
$p0s11 << EOD
256 240805 240805 240805
EOD
$p0l << EOD
256 274396
256 279090
256 252606
256 253329
256 255918
256 245081
256 245523
256 275748
EOD
$p1s0 << EOD
256 10.7529 10.7529 10.7529
EOD
$p1s1 << EOD
256 8.36385 8.36385 8.36385
EOD
$p1s2 << EOD
256 6.29766 6.29766 6.29766
EOD
$p1s3 << EOD
256 3.53512 3.53512 3.53512
EOD
$p1s4 << EOD
256 3.47264 3.47264 3.47264
EOD
$p1s5 << EOD
256 3.832 3.832 3.832
EOD
$p1s6 << EOD
256 3.81762 3.81762 3.81762
EOD
$p1s7 << EOD
256 3.79527 3.79527 3.79527
EOD
$p1s8 << EOD
256 3.97575 3.97575 3.97575
EOD
$p1s9 << EOD
256 3.9443 3.9443 3.9443
EOD
$p1s10 << EOD
256 3.48126 3.48126 3.48126
EOD
$p1s11 << EOD
256 4.03123 4.03123 4.03123
EOD
$p1l << EOD
256 3.53512
256 3.47264
256 3.832
256 3.81762
256 3.79527
256 3.97575
256 3.9443
256 3.48126
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 1,2 title "GET /json (TFB json): throughput and server CPU per request" font ',13'
set title "throughput"
set xlabel "concurrent connections"
set ylabel "throughput (requests/s)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [160:409.6]
set yrange [0:561755]
set xtics ("256" 256)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "poll", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p0s6 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core", \
     $p0s7 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p0s8 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "libevent", \
     $p0s9 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p0s10 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "io-uring", \
     $p0s11 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines", \
     $p0l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "server CPU per request"
set xlabel "concurrent connections"
set ylabel "server CPU per request (µs, user+system)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [160:409.6]
set yrange [0:21.6435]
set xtics ("256" 256)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "poll", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p1s6 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core", \
     $p1s7 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     $p1s8 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "libevent", \
     $p1s9 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p1s10 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "io-uring", \
     $p1s11 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "coroutines", \
     $p1l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
unset multiplot

# GET /plaintext, 16 pipelined (TFB plaintext): throughput and server CPU per request
# Redraw: gnuplot -e "set terminal svg" plaintext_throughput.gp > plaintext_throughput.svg
$p0s0 << EOD
256 1.15541e+06 1.15541e+06 1.15541e+06
EOD
$p0s1 << EOD
256 1.44732e+06 1.44732e+06 1.44732e+06
EOD
$p0s2 << EOD
256 1.93442e+06 1.93442e+06 1.93442e+06
EOD
$p0s3 << EOD
256 2.94796e+06 2.94796e+06 2.94796e+06
EOD
$p0s4 << EOD
256 2.86835e+06 2.86835e+06 2.86835e+06
EOD
$p0s5 << EOD
256 2.87244e+06 2.87244e+06 2.87244e+06
EOD
$p0s6 << EOD
256 2.78072e+06 2.78072e+06 2.78072e+06
EOD
$p0s7 << EOD
256 2.71776e+06 2.71776e+06 2.71776e+06
EOD
$p0s8 << EOD
256 2.75394e+06 2.75394e+06 2.75394e+06
EOD
$p0s9 << EOD
256 2.78568e+06 2.78568e+06 2.78568e+06
EOD
$p0s10 << EOD
256 2.70143e+06 2.70143e+06 2.70143e+06
EOD
$p0s11 << EOD
256 2.65511e+06 2.65511e+06 2.65511e+06
EOD
$p0l << EOD
256 2.94796e+06
256 2.86835e+06
256 2.87244e+06
256 2.78072e+06
256 2.71776e+06
256 2.75394e+06
256 2.78568e+06
256 2.70143e+06
256 2.65511e+06
EOD
$p1s0 << EOD
256 0.859386 0.859386 0.859386
EOD
$p1s1 << EOD
256 0.654473 0.654473 0.654473
EOD
$p1s2 << EOD
256 0.506692 0.506692 0.506692
EOD
$p1s3 << EOD
256 0.330386 0.330386 0.330386
EOD
$p1s4 << EOD
256 0.337909 0.337909 0.337909
EOD
$p1s5 << EOD
256 0.336645 0.336645 0.336645
EOD
$p1s6 << EOD
256 0.348425 0.348425 0.348425
EOD
$p1s7 << EOD
256 0.355765 0.355765 0.355765
EOD
$p1s8 << EOD
256 0.351509 0.351509 0.351509
EOD
$p1s9 << EOD
256 0.349165 0.349165 0.349165
EOD
$p1s10 << EOD
256 0.339599 0.339599 0.339599
EOD
$p1s11 << EOD
256 0.368049 0.368049 0.368049
EOD
$p1l << EOD
256 0.330386
256 0.337909
256 0.336645
256 0.348425
256 0.355765
256 0.351509
256 0.349165
256 0.339599
256 0.368049
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 1,2 title "GET /plaintext, 16 pipelined (TFB plaintext): throughput and server CPU per request" font ',13'
set title "throughput"
set xlabel "concurrent connections"
set ylabel "throughput (requests/s)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [160:409.6]
set yrange [0:5.93368e+06]
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
set yrange [0:1.72978]
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

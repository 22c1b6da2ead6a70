# GET /cpu?us=200: CPU-bound requests, can the model use every core?
# Redraw: gnuplot -e "set terminal svg" cpu.gp > cpu.svg
$p0s0 << EOD
4 9153.83 9153.83 9153.83
32 8571.22 8571.22 8571.22
EOD
$p0s1 << EOD
4 9481.83 9481.83 9481.83
32 8705.76 8705.76 8705.76
EOD
$p0s2 << EOD
4 9174.83 9174.83 9174.83
32 8548.08 8548.08 8548.08
EOD
$p0s3 << EOD
4 4533.43 4533.43 4533.43
32 4507.47 4507.47 4507.47
EOD
$p0s4 << EOD
4 4566.38 4566.38 4566.38
32 4529.49 4529.49 4529.49
EOD
$p0s5 << EOD
4 4567.5 4567.5 4567.5
32 4503.58 4503.58 4503.58
EOD
$p0s6 << EOD
4 9339.81 9339.81 9339.81
32 8876.72 8876.72 8876.72
EOD
$p0s7 << EOD
4 4471.55 4471.55 4471.55
32 4519.58 4519.58 4519.58
EOD
$p0s8 << EOD
4 4569.29 4569.29 4569.29
32 4515.44 4515.44 4515.44
EOD
$p0s9 << EOD
4 4514.52 4514.52 4514.52
32 4506.3 4506.3 4506.3
EOD
$p0s10 << EOD
4 4664.52 4664.52 4664.52
32 4859.39 4859.39 4859.39
EOD
$p0s11 << EOD
4 4502.5 4502.5 4502.5
32 4520.62 4520.62 4520.62
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set title "GET /cpu?us=200: CPU-bound requests, can the model use every core?"
set xlabel "concurrent connections"
set ylabel "throughput (requests/s)"
unset logscale x
unset logscale y
set format y '%g'
set xrange [2.6:33.4]
set yrange [0:20491.2]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
set label 1 "server unpinned (every core); the load generator shares them" at graph 0.98, graph 0.04 right font ',9'
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
     5000 with lines lc rgb "#404040" dt 3 lw 1.5 title "one core: 1 s / 200 µs = 5000 req/s", \
     10000 with lines lc rgb "#404040" dt 2 lw 1.5 title "all 2 cores: 10000 req/s"

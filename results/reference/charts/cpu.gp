# GET /cpu?us=200: CPU-bound requests, can the model use every core?
# Redraw: gnuplot -e "set terminal svg" cpu.gp > cpu.svg
$p0s0 << EOD
4 8839.93 8839.93 8839.93
32 8439.93 8439.93 8439.93
EOD
$p0s1 << EOD
4 8892.92 8892.92 8892.92
32 8777.92 8777.92 8777.92
EOD
$p0s2 << EOD
4 8867.93 8867.93 8867.93
32 8872.93 8872.93 8872.93
EOD
$p0s3 << EOD
4 4706.62 4706.62 4706.62
32 4735.75 4735.75 4735.75
EOD
$p0s4 << EOD
4 4714.65 4714.65 4714.65
32 4741.75 4741.75 4741.75
EOD
$p0s5 << EOD
4 4734.68 4734.68 4734.68
32 4733.64 4733.64 4733.64
EOD
$p0s6 << EOD
4 8841.38 8841.38 8841.38
32 8844.43 8844.43 8844.43
EOD
$p0s7 << EOD
4 4718.69 4718.69 4718.69
32 4738.7 4738.7 4738.7
EOD
$p0s8 << EOD
4 4723.69 4723.69 4723.69
32 4740.7 4740.7 4740.7
EOD
$p0s9 << EOD
4 4728.71 4728.71 4728.71
32 4735.69 4735.69 4735.69
EOD
$p0s10 << EOD
4 4751.68 4751.68 4751.68
32 4818.64 4818.64 4818.64
EOD
$p0s11 << EOD
4 4733.72 4733.72 4733.72
32 4737.72 4737.72 4737.72
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
set yrange [0:19218.5]
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

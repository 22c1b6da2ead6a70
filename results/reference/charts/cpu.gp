# GET /cpu?us=200: CPU-bound requests, can the model use every core?
# Redraw: gnuplot -e "set terminal svg" cpu.gp > cpu.svg
$p0s0 << EOD
1 4013.31 3973.3 4053.31
4 8850.35 8734.93 8965.78
32 8196.24 7790.66 8601.82
EOD
$p0s1 << EOD
1 4322.88 4231.61 4414.14
4 8171.57 7954.1 8389.04
32 8172.15 7893.2 8451.09
EOD
$p0s2 << EOD
1 3864.97 3711.61 4018.33
4 4642.17 4608.77 4675.56
32 4564.69 4433.85 4695.54
EOD
$p0s3 << EOD
1 3967.85 3819.91 4115.79
4 4706.76 4688.03 4725.5
32 4476.74 4462.97 4490.51
EOD
$p0s4 << EOD
1 3983.69 3884.93 4082.45
4 4697.15 4682.17 4712.13
32 4602.15 4588.03 4616.26
EOD
$p0s5 << EOD
1 3918.27 3831.61 4004.93
4 4673.47 4630.56 4716.37
32 4684.18 4668.67 4699.7
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set title "GET /cpu?us=200: CPU-bound requests, can the model use every core?"
set xlabel "concurrent connections (log scale)"
set ylabel "throughput (requests/s)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [0.625:51.2]
set yrange [0:13436.5]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
set label 1 "server unpinned (every core); the load generator shares them" at graph 0.98, graph 0.04 right font ',9'
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "select", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "libuv", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "libev", \
     5000 with lines lc rgb "#404040" dt 3 lw 1.5 title "one core: 1 s / 200 µs = 5000 req/s", \
     10000 with lines lc rgb "#404040" dt 2 lw 1.5 title "all 2 cores: 10000 req/s"

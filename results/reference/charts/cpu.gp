# GET /cpu?us=200: CPU-bound requests, can the model use every core?
# Redraw: gnuplot -e "set terminal svg" cpu.gp > cpu.svg
$p0s0 << EOD
1 2832.82 2824.04 2841.59
4 8383.06 8286.39 8479.74
32 7842.98 7671.98 8013.98
EOD
$p0s1 << EOD
1 4175.27 4072.34 4278.2
4 7726.54 7097.39 8355.69
32 8153.01 7982.32 8323.7
EOD
$p0s2 << EOD
1 2805.73 2760.74 2850.73
4 4206.48 4174.1 4238.85
32 4230.05 4223.62 4236.47
EOD
$p0s3 << EOD
1 2849.86 2848.21 2851.5
4 4176.51 4167.75 4185.26
32 4242.2 4232.72 4251.69
EOD
$p0s4 << EOD
1 2906.54 2814.88 2998.2
4 4237.05 4194.47 4279.62
32 4229.81 4227.3 4232.31
EOD
$p0s5 << EOD
1 2811.04 2744.78 2877.3
4 4162.35 4138.66 4186.04
32 4194 4189.36 4198.64
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
set yrange [0:12708.1]
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

# GET /cpu?us=200: CPU-bound requests, can the model use every core?
# Redraw: gnuplot -e "set terminal svg" cpu.gp > cpu.svg
$p0s0 << EOD
1 2973.99 2952.28 2995.7
4 8446.01 8313.91 8578.1
32 7820.66 7770.65 7870.68
EOD
$p0s1 << EOD
1 4177.38 4151.55 4203.21
4 7718.34 7467.41 7969.28
32 8024.64 7612.7 8436.57
EOD
$p0s2 << EOD
1 2944.48 2936.52 2952.44
4 4290.94 4279.95 4301.94
32 4309.83 4299.77 4319.88
EOD
$p0s3 << EOD
1 2921.53 2909.86 2933.21
4 4224.66 4197.8 4251.52
32 4306.84 4304.04 4309.65
EOD
$p0s4 << EOD
1 2923.64 2907.39 2939.88
4 4268.03 4256.47 4279.59
32 4253.16 4223.95 4282.38
EOD
$p0s5 << EOD
1 2902.82 2879.11 2926.52
4 4299.58 4292.58 4306.58
32 4299.26 4291.96 4306.56
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
set yrange [0:12855.5]
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

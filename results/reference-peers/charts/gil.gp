# The GIL is irrelevant (sometimes): Python threads against Python's event loops, our C models beside them
# Redraw: gnuplot -e "set terminal svg" gil.gp > gil.svg
$p0s0 << EOD
10 979.964 979.964 979.964
100 9285.36 9285.36 9285.36
EOD
$p0s1 << EOD
10 889.979 889.979 889.979
100 8450.71 8450.71 8450.71
1000 82092.9 82092.9 82092.9
EOD
$p0s2 << EOD
10 959.959 959.959 959.959
100 8617.79 8617.79 8617.79
1000 48828.3 48828.3 48828.3
EOD
$p0s3 << EOD
10 929.966 929.966 929.966
100 6713.5 6713.5 6713.5
1000 27645.3 27645.3 27645.3
EOD
$p0s4 << EOD
10 966.943 966.943 966.943
100 8730.79 8730.79 8730.79
1000 14180.7 14180.7 14180.7
EOD
$p0s5 << EOD
10 869.974 869.974 869.974
100 6988.79 6988.79 6988.79
1000 5967.55 5967.55 5967.55
EOD
$p0s6 << EOD
10 887.975 887.975 887.975
100 8172.77 8172.77 8172.77
1000 9216.6 9216.6 9216.6
EOD
$p0s7 << EOD
10 939.844 939.844 939.844
100 9352.7 9352.7 9352.7
1000 58480.8 58480.8 58480.8
EOD
$p1s0 << EOD
4 9393.83 9393.83 9393.83
32 9106.86 9106.86 9106.86
EOD
$p1s1 << EOD
4 4522.56 4522.56 4522.56
32 4516.49 4516.49 4516.49
EOD
$p1s2 << EOD
4 4272.54 4272.54 4272.54
32 4291.55 4291.55 4291.55
EOD
$p1s3 << EOD
4 4125.56 4125.56 4125.56
32 4084.51 4084.51 4084.51
EOD
$p1s4 << EOD
4 3724.82 3724.82 3724.82
32 3362.83 3362.83 3362.83
EOD
$p1s5 << EOD
4 2803.75 2803.75 2803.75
32 2821.7 2821.7 2821.7
EOD
$p1s6 << EOD
4 3557.64 3557.64 3557.64
32 3662.65 3662.65 3662.65
EOD
$p1s7 << EOD
4 4455.39 4455.39 4455.39
32 4683.52 4683.52 4683.52
EOD
$p2s0 << EOD
4 1.90262 1.90262 1.90262
32 1.89839 1.89839 1.89839
EOD
$p2s1 << EOD
4 0.986031 0.986031 0.986031
32 0.994861 0.994861 0.994861
EOD
$p2s2 << EOD
4 0.985572 0.985572 0.985572
32 0.997957 0.997957 0.997957
EOD
$p2s3 << EOD
4 0.985551 0.985551 0.985551
32 0.997707 0.997707 0.997707
EOD
$p2s4 << EOD
4 0.994747 0.994747 0.994747
32 1.04819 1.04819 1.04819
EOD
$p2s5 << EOD
4 0.982148 0.982148 0.982148
32 0.999734 0.999734 0.999734
EOD
$p2s6 << EOD
4 0.977341 0.977341 0.977341
32 0.997816 0.997816 0.997816
EOD
$p2s7 << EOD
4 0.982364 0.982364 0.982364
32 0.993145 0.993145 0.993145
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 1,3 title "The GIL is irrelevant (sometimes): Python threads against Python's event loops, our C models beside them" font ',13'
set title "waiting: GET /delay?ms=10, server on one core"
set xlabel "concurrent connections (log scale)"
set ylabel "throughput (requests/s, log scale)"
set logscale x 10
set logscale y 10
set format y '%.0s%c'
set xrange [6.25:1600]
set yrange [289.991:1.32424e+06]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#e69f00" pt 2 dt 1 lw 2 ps 1.2 title "py-asyncio", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#c28f00" pt 6 dt 1 lw 2 ps 1.2 title "py-gevent", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#7f6000" pt 1 dt 1 lw 2 ps 1.2 title "py-threads", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#a67c2e" pt 8 dt 1 lw 2 ps 1.2 title "py-tornado", \
     $p0s6 using 1:2:3:4 with yerrorlines lc rgb "#d9b84a" pt 12 dt 1 lw 2 ps 1.2 title "py-twisted", \
     $p0s7 using 1:2:3:4 with yerrorlines lc rgb "#f2c14e" pt 3 dt 1 lw 2 ps 1.2 title "py-uvloop", \
     x/0.01 with lines lc rgb "#404040" dt 3 lw 1.5 title "ideal: connections / 10 ms"
set title "computing: GET /cpu?us=200, server on every core"
set xlabel "concurrent connections"
set ylabel "throughput (requests/s)"
unset logscale x
unset logscale y
set format y '%g'
set xrange [2.6:33.4]
set yrange [0:14500]
set xtics (4, 32)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#e69f00" pt 2 dt 1 lw 2 ps 1.2 title "py-asyncio", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#c28f00" pt 6 dt 1 lw 2 ps 1.2 title "py-gevent", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#7f6000" pt 1 dt 1 lw 2 ps 1.2 title "py-threads", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#a67c2e" pt 8 dt 1 lw 2 ps 1.2 title "py-tornado", \
     $p1s6 using 1:2:3:4 with yerrorlines lc rgb "#d9b84a" pt 12 dt 1 lw 2 ps 1.2 title "py-twisted", \
     $p1s7 using 1:2:3:4 with yerrorlines lc rgb "#f2c14e" pt 3 dt 1 lw 2 ps 1.2 title "py-uvloop", \
     5000 with lines lc rgb "#404040" dt 3 lw 1.5 title "one core: 1 s / 200 µs = 5000 req/s", \
     10000 with lines lc rgb "#404040" dt 2 lw 1.5 title "all 2 cores: 10000 req/s"
set title "computing: cores the server kept busy"
set xlabel "concurrent connections"
set ylabel "server CPU used (cores: CPU s per s)"
unset logscale x
unset logscale y
set format y '%g'
set xrange [2.6:33.4]
set yrange [0:2.9]
set xtics (4, 32)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
set label 1 "the load generator shares these cores" at graph 0.98, graph 0.04 right font ',9'
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p2s1 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll", \
     $p2s2 using 1:2:3:4 with yerrorlines lc rgb "#e69f00" pt 2 dt 1 lw 2 ps 1.2 title "py-asyncio", \
     $p2s3 using 1:2:3:4 with yerrorlines lc rgb "#c28f00" pt 6 dt 1 lw 2 ps 1.2 title "py-gevent", \
     $p2s4 using 1:2:3:4 with yerrorlines lc rgb "#7f6000" pt 1 dt 1 lw 2 ps 1.2 title "py-threads", \
     $p2s5 using 1:2:3:4 with yerrorlines lc rgb "#a67c2e" pt 8 dt 1 lw 2 ps 1.2 title "py-tornado", \
     $p2s6 using 1:2:3:4 with yerrorlines lc rgb "#d9b84a" pt 12 dt 1 lw 2 ps 1.2 title "py-twisted", \
     $p2s7 using 1:2:3:4 with yerrorlines lc rgb "#f2c14e" pt 3 dt 1 lw 2 ps 1.2 title "py-uvloop", \
     1 with lines lc rgb "#404040" dt 3 lw 1.5 title "one core: what the GIL allows", \
     2 with lines lc rgb "#404040" dt 2 lw 1.5 title "all 2 cores"
unset multiplot

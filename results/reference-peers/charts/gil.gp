# The GIL is irrelevant (sometimes): Python threads against Python's event loops, our C models beside them
# Redraw: gnuplot -e "set terminal svg" gil.gp > gil.svg
$p0s0 << EOD
10 979.93 979.93 979.93
100 9742.71 9742.71 9742.71
1000 41580.8 41580.8 41580.8
EOD
$p0s1 << EOD
10 889.98 889.98 889.98
100 8657.8 8657.8 8657.8
1000 75834.4 75834.4 75834.4
EOD
$p0s2 << EOD
10 949.986 949.986 949.986
100 8599.79 8599.79 8599.79
1000 33641.9 33641.9 33641.9
EOD
$p0s3 << EOD
10 929.982 929.982 929.982
100 7491.84 7491.84 7491.84
1000 18542 18542 18542
EOD
$p0s4 << EOD
10 969.976 969.976 969.976
100 9518.92 9518.92 9518.92
1000 10598.9 10598.9 10598.9
EOD
$p0s5 << EOD
10 809.979 809.979 809.979
100 5022.93 5022.93 5022.93
1000 3999.78 3999.78 3999.78
EOD
$p0s6 << EOD
10 859.985 859.985 859.985
100 7563.9 7563.9 7563.9
1000 6044.81 6044.81 6044.81
EOD
$p0s7 << EOD
10 969.988 969.988 969.988
100 9281.8 9281.8 9281.8
1000 41671.1 41671.1 41671.1
EOD
$p1s0 << EOD
4 8787.93 8787.93 8787.93
32 4629.95 4629.95 4629.95
EOD
$p1s1 << EOD
4 4726.64 4726.64 4726.64
32 4399.72 4399.72 4399.72
EOD
$p1s2 << EOD
4 4221.68 4221.68 4221.68
32 3982.77 3982.77 3982.77
EOD
$p1s3 << EOD
4 3919.58 3919.58 3919.58
32 3943.84 3943.84 3943.84
EOD
$p1s4 << EOD
4 3063.35 3063.35 3063.35
32 3164.95 3164.95 3164.95
EOD
$p1s5 << EOD
4 2267.97 2267.97 2267.97
32 2498.85 2498.85 2498.85
EOD
$p1s6 << EOD
4 2930.81 2930.81 2930.81
32 3220.78 3220.78 3220.78
EOD
$p1s7 << EOD
4 4099.77 4099.77 4099.77
32 4513.68 4513.68 4513.68
EOD
$p2s0 << EOD
4 1.83839 1.83839 1.83839
32 0.984985 0.984985 0.984985
EOD
$p2s1 << EOD
4 0.986251 0.986251 0.986251
32 0.924064 0.924064 0.924064
EOD
$p2s2 << EOD
4 0.982465 0.982465 0.982465
32 0.918733 0.918733 0.918733
EOD
$p2s3 << EOD
4 0.986617 0.986617 0.986617
32 0.984801 0.984801 0.984801
EOD
$p2s4 << EOD
4 1.02443 1.02443 1.02443
32 0.93198 0.93198 0.93198
EOD
$p2s5 << EOD
4 0.967369 0.967369 0.967369
32 1.00028 1.00028 1.00028
EOD
$p2s6 << EOD
4 0.920978 0.920978 0.920978
32 0.997894 0.997894 0.997894
EOD
$p2s7 << EOD
4 0.912383 0.912383 0.912383
32 0.992098 0.992098 0.992098
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
set yrange [269.993:1.21857e+06]
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

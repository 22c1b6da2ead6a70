# HTTP GET /: server CPU time per request vs connections
# Redraw: gnuplot -e "set terminal svg" hello_cpu_per_req.gp > hello_cpu_per_req.svg
$p0s0 << EOD
1 54.2755 53.9923 54.5588
10 8.21897 8.12469 8.31325
100 8.60459 8.32416 8.88502
1000 13.4908 13.4549 13.5266
10000 15.7309 15.4218 16.0401
EOD
$p0s1 << EOD
1 51.1085 50.1309 52.0862
10 8.67244 7.77362 9.57126
100 7.97927 7.88416 8.07439
1000 10.0555 9.95251 10.1584
10000 13.2082 13.0146 13.4018
EOD
$p0s2 << EOD
1 43.4513 41.3981 45.5045
10 4.09924 3.98648 4.212
100 4.20307 4.14175 4.26438
1000 5.51092 5.44069 5.58114
EOD
$p0s3 << EOD
1 45.034 40.4125 49.6554
10 4.36768 4.36017 4.3752
100 4.3979 4.39116 4.40463
1000 5.18911 5.03094 5.34728
10000 9.37589 9.2973 9.45448
EOD
$p0s4 << EOD
1 56.1334 54.318 57.9489
10 4.49241 4.30507 4.67976
100 4.38983 4.32437 4.4553
1000 5.61835 5.41764 5.81907
10000 8.95148 8.93838 8.96459
EOD
$p0s5 << EOD
1 55.6569 54.8603 56.4535
10 4.57816 4.51037 4.64595
100 4.45164 4.3289 4.57438
1000 5.77105 5.65464 5.88746
10000 9.87223 9.68496 10.0595
EOD
$p0r0 << EOD
10000 0
EOD
$p0l << EOD
100 4.20307
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set title "HTTP GET /: server CPU time per request vs connections"
set xlabel "concurrent connections (log scale)"
set ylabel "server CPU per request (µs, user+system)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [0.625:16000]
set yrange [0:86.8444]
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

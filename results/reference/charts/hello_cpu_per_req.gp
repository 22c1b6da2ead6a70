# HTTP GET /: server CPU time per request vs connections
# Redraw: gnuplot -e "set terminal svg" hello_cpu_per_req.gp > hello_cpu_per_req.svg
$p0s0 << EOD
1 12.9184 12.8391 12.9977
10 11.093 10.9872 11.1989
100 11.8164 11.7384 11.8944
1000 15.7588 15.739 15.7786
10000 17.3387 16.899 17.7783
EOD
$p0s1 << EOD
1 27.2169 26.9975 27.4364
10 14.6512 14.5384 14.764
100 13.9253 13.8331 14.0175
1000 15.7509 15.1168 16.385
10000 14.802 14.4794 15.1246
EOD
$p0s2 << EOD
1 14.7104 14.6978 14.723
10 6.84471 6.80787 6.88155
100 6.61024 6.57918 6.64131
1000 7.53401 7.24176 7.82626
EOD
$p0s3 << EOD
1 12.8435 12.7182 12.9688
10 6.74904 6.74316 6.75492
100 6.8232 6.81082 6.83558
1000 7.80985 7.70889 7.91081
10000 9.58967 9.5629 9.61643
EOD
$p0s4 << EOD
1 13.0242 12.8123 13.2361
10 6.98002 6.87253 7.08752
100 6.79324 6.63931 6.94717
1000 8.05929 7.99954 8.11905
10000 10.1165 9.88407 10.349
EOD
$p0s5 << EOD
1 13.1659 13.0064 13.3254
10 6.77955 6.74685 6.81224
100 6.66962 6.53945 6.7998
1000 7.69231 7.64391 7.74072
10000 10.5051 10.4467 10.5634
EOD
$p0r0 << EOD
10000 0
EOD
$p0l << EOD
10 6.84471
100 6.61024
1000 7.53401
10 6.74904
100 6.8232
1000 7.80985
10 6.98002
100 6.79324
1000 8.05929
10 6.77955
100 6.66962
1000 7.69231
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
set yrange [0:41.1172]
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

# Web servers: memory against idle connections held open beside 1 active (slope = memory per connection)
# Redraw: gnuplot -e "set terminal svg" webservers_idle.gp > webservers_idle.svg
$p0s0 << EOD
0 7.02344 7.02344 7.02344
1000 148.788 148.788 148.788
3000 422.109 422.109 422.109
EOD
$p0s1 << EOD
0 7.37891 7.37891 7.37891
1000 16.1172 16.1172 16.1172
3000 32.7305 32.7305 32.7305
EOD
$p0s2 << EOD
0 6.93359 6.93359 6.93359
1000 15.4258 15.4258 15.4258
3000 31.9961 31.9961 31.9961
EOD
$p0s3 << EOD
0 6.99219 6.99219 6.99219
1000 15.3008 15.3008 15.3008
3000 32.1797 32.1797 32.1797
EOD
$p0s4 << EOD
0 6.94043 6.94043 6.94043
EOD
$p0s5 << EOD
0 107.93 107.93 107.93
1000 143.954 143.954 143.954
3000 200.734 200.734 200.734
EOD
$p0s6 << EOD
0 5.84766 5.84766 5.84766
EOD
$p0s7 << EOD
0 579.419 579.419 579.419
1000 626.7 626.7 626.7
3000 696.061 696.061 696.061
EOD
$p0s8 << EOD
0 6.88379 6.88379 6.88379
EOD
$p0s9 << EOD
0 106.938 106.938 106.938
1000 143.254 143.254 143.254
3000 214.075 214.075 214.075
EOD
$p0s10 << EOD
0 2.10156 2.10156 2.10156
EOD
$p0s11 << EOD
0 2.26074 2.26074 2.26074
1000 6.00684 6.00684 6.00684
3000 13.6514 13.6514 13.6514
EOD
$p0s12 << EOD
0 6.73242 6.73242 6.73242
1000 7.21973 7.21973 7.21973
EOD
$p0s13 << EOD
0 8.62012 8.62012 8.62012
1000 9.00977 9.00977 9.00977
3000 10.082 10.082 10.082
EOD
$p0r0 << EOD
1000 1.05078
3000 1.05078
EOD
$p0r1 << EOD
1000 1.05078
3000 1.05078
EOD
$p0r2 << EOD
1000 1.05078
3000 1.05078
EOD
$p0r3 << EOD
1000 1.05078
3000 1.05078
EOD
$p0r4 << EOD
3000 1.05078
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set title "Web servers: memory against idle connections held open beside 1 active (slope = memory per connection)"
set xlabel "idle connections held open"
set ylabel "server memory (MiB, log scale)"
unset logscale x
set logscale y 10
set format y '%g'
set xrange [-150:3150]
set yrange [0.700521:2.18015e+07]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "process-per-conn (our C model): 141.7 KiB/conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "thread-pool (our C model): 8.7 KiB/conn", \
     $p0s2 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll (our C model): 8.6 KiB/conn", \
     $p0s3 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "epoll-per-core (our C model): 8.6 KiB/conn", \
     $p0s4 using 1:2:3:4 with yerrorlines lc rgb "#26a69a" pt 13 dt 1 lw 2 ps 1.2 title "apache-event (Debian's settings)", \
     $p0s5 using 1:2:3:4 with yerrorlines lc rgb "#26a69a" pt 13 dt 2 lw 2 ps 1.2 title "apache-event (--sized: its pool made in advance): 31.7 KiB/conn", \
     $p0s6 using 1:2:3:4 with yerrorlines lc rgb "#00403a" pt 5 dt 1 lw 2 ps 1.2 title "apache-prefork (Debian's settings)", \
     $p0s7 using 1:2:3:4 with yerrorlines lc rgb "#00403a" pt 5 dt 2 lw 2 ps 1.2 title "apache-prefork (--sized: its pool made in advance): 39.8 KiB/conn", \
     $p0s8 using 1:2:3:4 with yerrorlines lc rgb "#00756a" pt 11 dt 1 lw 2 ps 1.2 title "apache-worker (Debian's settings)", \
     $p0s9 using 1:2:3:4 with yerrorlines lc rgb "#00756a" pt 11 dt 2 lw 2 ps 1.2 title "apache-worker (--sized: its pool made in advance): 36.6 KiB/conn", \
     $p0s10 using 1:2:3:4 with yerrorlines lc rgb "#8fd3b6" pt 9 dt 1 lw 2 ps 1.2 title "lighttpd (Debian's settings)", \
     $p0s11 using 1:2:3:4 with yerrorlines lc rgb "#8fd3b6" pt 9 dt 2 lw 2 ps 1.2 title "lighttpd (--sized: its pool made in advance): 3.9 KiB/conn", \
     $p0s12 using 1:2:3:4 with yerrorlines lc rgb "#009e73" pt 7 dt 1 lw 2 ps 1.2 title "nginx (Debian's settings): 0.5 KiB/conn", \
     $p0s13 using 1:2:3:4 with yerrorlines lc rgb "#009e73" pt 7 dt 2 lw 2 ps 1.2 title "nginx (--sized: its pool made in advance): 0.5 KiB/conn", \
     $p0r0 using 1:2 with points lc rgb "#26a69a" pt 2 ps 2.2 lw 2 title "apache-event: refused", \
     $p0r1 using 1:2 with points lc rgb "#00403a" pt 2 ps 2.2 lw 2 title "apache-prefork: refused", \
     $p0r2 using 1:2 with points lc rgb "#00756a" pt 2 ps 2.2 lw 2 title "apache-worker: refused", \
     $p0r3 using 1:2 with points lc rgb "#8fd3b6" pt 2 ps 2.2 lw 2 title "lighttpd: refused", \
     $p0r4 using 1:2 with points lc rgb "#009e73" pt 2 ps 2.2 lw 2 title "nginx: refused"

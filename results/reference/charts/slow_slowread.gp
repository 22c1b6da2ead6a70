# Slow read (answers taken through a tiny window) against each model
# Redraw: gnuplot -e "set terminal svg" slow_slowread.gp > slow_slowread.svg
$p0s0 << EOD
600 90794.8 90794.8 90794.8
3000 0 0 0
EOD
$p0s1 << EOD
600 92473.4 92473.4 92473.4
3000 47776 47776 47776
EOD
$p0s2 << EOD
600 55114.9 55114.9 55114.9
3000 46896 46896 46896
EOD
$p0s3 << EOD
600 129881 129881 129881
EOD
$p0s4 << EOD
600 134085 134085 134085
3000 5897.93 5897.93 5897.93
EOD
$p0s5 << EOD
600 130015 130015 130015
3000 28922.8 28922.8 28922.8
EOD
$p0s6 << EOD
600 134209 134209 134209
3000 80701.5 80701.5 80701.5
EOD
$p0s7 << EOD
600 134493 134493 134493
3000 81158.4 81158.4 81158.4
EOD
$p0s8 << EOD
600 130723 130723 130723
3000 54617 54617 54617
EOD
$p0s9 << EOD
600 117376 117376 117376
3000 78812.6 78812.6 78812.6
EOD
$p0s10 << EOD
600 138493 138493 138493
3000 117275 117275 117275
EOD
$p0s11 << EOD
600 131482 131482 131482
3000 41380.9 41380.9 41380.9
EOD
$p0r0 << EOD
3000 0
EOD
$p0l << EOD
600 129881
600 134085
600 130015
600 134209
3000 80701.5
600 134493
3000 81158.4
600 130723
3000 78812.6
600 138493
600 131482
EOD
$p1s0 << EOD
600 0.086303 0.086303 0.086303
EOD
$p1s1 << EOD
600 0.089247 0.089247 0.089247
3000 0.157247 0.157247 0.157247
EOD
$p1s2 << EOD
600 0.101279 0.101279 0.101279
3000 0.126367 0.126367 0.126367
EOD
$p1s3 << EOD
600 0.064623 0.064623 0.064623
EOD
$p1s4 << EOD
600 0.051567 0.051567 0.051567
3000 1.1904 1.1904 1.1904
EOD
$p1s5 << EOD
600 0.067231 0.067231 0.067231
3000 0.082399 0.082399 0.082399
EOD
$p1s6 << EOD
600 0.053327 0.053327 0.053327
3000 0.076319 0.076319 0.076319
EOD
$p1s7 << EOD
600 0.055791 0.055791 0.055791
3000 0.069919 0.069919 0.069919
EOD
$p1s8 << EOD
600 0.055247 0.055247 0.055247
3000 0.087583 0.087583 0.087583
EOD
$p1s9 << EOD
600 0.082079 0.082079 0.082079
3000 0.069279 0.069279 0.069279
EOD
$p1s10 << EOD
600 0.046735 0.046735 0.046735
3000 0.073695 0.073695 0.073695
EOD
$p1s11 << EOD
600 0.068255 0.068255 0.068255
3000 0.131519 0.131519 0.131519
EOD
$p1r0 << EOD
3000 0
EOD
$p2s0 << EOD
600 10.5835 10.5835 10.5835
EOD
$p2s1 << EOD
600 10.6191 10.6191 10.6191
3000 19.0573 19.0573 19.0573
EOD
$p2s2 << EOD
600 17.6989 17.6989 17.6989
3000 20.5169 20.5169 20.5169
EOD
$p2s3 << EOD
600 7.44598 7.44598 7.44598
EOD
$p2s4 << EOD
600 7.20327 7.20327 7.20327
3000 166.443 166.443 166.443
EOD
$p2s5 << EOD
600 7.33532 7.33532 7.33532
3000 12.5792 12.5792 12.5792
EOD
$p2s6 << EOD
600 7.21078 7.21078 7.21078
3000 11.7409 11.7409 11.7409
EOD
$p2s7 << EOD
600 7.14082 7.14082 7.14082
3000 11.8683 11.8683 11.8683
EOD
$p2s8 << EOD
600 7.39529 7.39529 7.39529
3000 13.4215 13.4215 13.4215
EOD
$p2s9 << EOD
600 8.02757 8.02757 8.02757
3000 12.1179 12.1179 12.1179
EOD
$p2s10 << EOD
600 6.98254 6.98254 6.98254
3000 8.03825 8.03825 8.03825
EOD
$p2s11 << EOD
600 7.27686 7.27686 7.27686
3000 18.4876 18.4876 18.4876
EOD
$p2r0 << EOD
3000 0
EOD
$p3s0 << EOD
600 5 5 5
3000 1719 1719 1719
EOD
$p3s1 << EOD
600 5 5 5
3000 3005 3005 3005
EOD
$p3s2 << EOD
600 17 17 17
3000 17 17 17
EOD
$p3s3 << EOD
600 1 1 1
EOD
$p3s4 << EOD
600 1 1 1
3000 1 1 1
EOD
$p3s5 << EOD
600 1 1 1
3000 1 1 1
EOD
$p3s6 << EOD
600 1 1 1
3000 1 1 1
EOD
$p3s7 << EOD
600 1 1 1
3000 1 1 1
EOD
$p3s8 << EOD
600 1 1 1
3000 1 1 1
EOD
$p3s9 << EOD
600 1 1 1
3000 1 1 1
EOD
$p3s10 << EOD
600 1 1 1
3000 1 1 1
EOD
$p3s11 << EOD
600 1 1 1
3000 1 1 1
EOD
$p3r0 << EOD
3000 0.5
EOD
$p4s0 << EOD
600 1.97656 1.97656 1.97656
3000 123.304 123.304 123.304
EOD
$p4s1 << EOD
600 2.15625 2.15625 2.15625
3000 102.152 102.152 102.152
EOD
$p4s2 << EOD
600 2.33984 2.33984 2.33984
3000 29.6914 29.6914 29.6914
EOD
$p4s3 << EOD
600 1.88281 1.88281 1.88281
EOD
$p4s4 << EOD
600 2.05078 2.05078 2.05078
3000 29.8281 29.8281 29.8281
EOD
$p4s5 << EOD
600 1.91797 1.91797 1.91797
3000 29.6602 29.6602 29.6602
EOD
$p4s6 << EOD
600 1.9375 1.9375 1.9375
3000 29.1445 29.1445 29.1445
EOD
$p4s7 << EOD
600 2.06641 2.06641 2.06641
3000 30.5898 30.5898 30.5898
EOD
$p4s8 << EOD
600 2.34766 2.34766 2.34766
3000 31.1445 31.1445 31.1445
EOD
$p4s9 << EOD
600 2.26172 2.26172 2.26172
3000 33.3711 33.3711 33.3711
EOD
$p4s10 << EOD
600 3.54688 3.54688 3.54688
3000 31.8164 31.8164 31.8164
EOD
$p4s11 << EOD
600 1.96484 1.96484 1.96484
3000 42.75 42.75 42.75
EOD
$p4r0 << EOD
3000 0.941406
EOD
$p5s0 << EOD
600 0 0 0
3000 1991 1991 1991
EOD
$p5s1 << EOD
600 0 0 0
3000 2253 2253 2253
EOD
$p5s2 << EOD
600 0 0 0
3000 2253 2253 2253
EOD
$p5s3 << EOD
600 0 0 0
EOD
$p5s4 << EOD
600 0 0 0
3000 2253 2253 2253
EOD
$p5s5 << EOD
600 0 0 0
3000 2254 2254 2254
EOD
$p5s6 << EOD
600 0 0 0
3000 2254.32 2254.32 2254.32
EOD
$p5s7 << EOD
600 0 0 0
3000 2254.32 2254.32 2254.32
EOD
$p5s8 << EOD
600 0 0 0
3000 2255.33 2255.33 2255.33
EOD
$p5s9 << EOD
600 0 0 0
3000 2255.33 2255.33 2255.33
EOD
$p5s10 << EOD
600 0 0 0
3000 2180 2180 2180
EOD
$p5s11 << EOD
600 0 0 0
3000 2252 2252 2252
EOD
$p5r0 << EOD
3000 0
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 2,3 title "Slow read (answers taken through a tiny window) against each model" font ',13'
set title "legitimate GET / throughput (4 connections)"
set xlabel "attacking connections"
set ylabel "throughput (requests/s)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [375:4800]
set yrange [0:346232]
set xtics ("no attack" 600, "3,000" 3000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
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
     $p0r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title "select: refused", \
     $p0l using 1:2 with points lc rgb "black" pt 6 ps 2.4 lw 1 title "load generator CPU-bound (client-limited)"
set title "legitimate GET / p99 latency"
set xlabel "attacking connections"
set ylabel "p99 latency (ms)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [375:4800]
set yrange [0:1.30944]
set xtics ("no attack" 600, "3,000" 3000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "", \
     $p1s6 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "", \
     $p1s7 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "", \
     $p1s8 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "", \
     $p1s9 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "", \
     $p1s10 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "", \
     $p1s11 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "", \
     $p1r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title ""
set title "server CPU per legitimate request"
set xlabel "attacking connections"
set ylabel "server CPU per GET / (µs)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [375:4800]
set yrange [0:183.087]
set xtics ("no attack" 600, "3,000" 3000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "", \
     $p2s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "", \
     $p2s2 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "", \
     $p2s3 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "", \
     $p2s4 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "", \
     $p2s5 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "", \
     $p2s6 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "", \
     $p2s7 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "", \
     $p2s8 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "", \
     $p2s9 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "", \
     $p2s10 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "", \
     $p2s11 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "", \
     $p2r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title ""
set title "what the attack costs: server threads"
set xlabel "attacking connections"
set ylabel "threads (of every server process, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [375:4800]
set yrange [0.333333:9015]
set xtics ("no attack" 600, "3,000" 3000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p3s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "", \
     $p3s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "", \
     $p3s2 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "", \
     $p3s3 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "", \
     $p3s4 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "", \
     $p3s5 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "", \
     $p3s6 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "", \
     $p3s7 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "", \
     $p3s8 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "", \
     $p3s9 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "", \
     $p3s10 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "", \
     $p3s11 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "", \
     $p3r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title ""
set title "what the attack costs: server memory"
set xlabel "attacking connections"
set ylabel "RSS + threads' kernel stacks (MiB, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [375:4800]
set yrange [0.627604:369.911]
set xtics ("no attack" 600, "3,000" 3000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p4s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "", \
     $p4s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "", \
     $p4s2 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "", \
     $p4s3 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "", \
     $p4s4 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "", \
     $p4s5 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "", \
     $p4s6 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "", \
     $p4s7 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "", \
     $p4s8 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "", \
     $p4s9 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "", \
     $p4s10 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "", \
     $p4s11 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "", \
     $p4r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title ""
set title "TCP socket buffers (machine-wide, both ends)"
set xlabel "attacking connections"
set ylabel "kernel TCP memory growth (MiB)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [375:4800]
set yrange [-10:2480.87]
set xtics ("no attack" 600, "3,000" 3000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p5s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 title "", \
     $p5s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "", \
     $p5s2 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 title "", \
     $p5s3 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 title "", \
     $p5s4 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 title "", \
     $p5s5 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "", \
     $p5s6 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 title "", \
     $p5s7 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "", \
     $p5s8 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 title "", \
     $p5s9 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "", \
     $p5s10 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 title "", \
     $p5s11 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 title "", \
     $p5r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title ""
unset multiplot

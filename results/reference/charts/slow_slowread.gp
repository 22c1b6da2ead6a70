# Slow read (answers taken through a tiny window) against each model
# Redraw: gnuplot -e "set terminal svg" slow_slowread.gp > slow_slowread.svg
$p0s0 << EOD
600 71699.9 71699.9 71699.9
3000 5922.78 5922.78 5922.78
EOD
$p0s1 << EOD
600 69900.5 69900.5 69900.5
3000 30318.3 30318.3 30318.3
EOD
$p0s2 << EOD
600 89625.3 89625.3 89625.3
3000 83808.9 83808.9 83808.9
EOD
$p0s3 << EOD
600 82792.6 82792.6 82792.6
EOD
$p0s4 << EOD
600 88066 88066 88066
3000 3999.87 3999.87 3999.87
EOD
$p0s5 << EOD
600 71654.3 71654.3 71654.3
3000 125161 125161 125161
EOD
$p0s6 << EOD
600 76683.9 76683.9 76683.9
3000 76929.6 76929.6 76929.6
EOD
$p0s7 << EOD
600 87613.8 87613.8 87613.8
3000 128230 128230 128230
EOD
$p0s8 << EOD
600 84048.3 84048.3 84048.3
3000 105722 105722 105722
EOD
$p0s9 << EOD
600 87001.8 87001.8 87001.8
3000 97666.2 97666.2 97666.2
EOD
$p0s10 << EOD
600 66180.4 66180.4 66180.4
3000 83085.7 83085.7 83085.7
EOD
$p0s11 << EOD
600 89309.6 89309.6 89309.6
3000 148289 148289 148289
EOD
$p0r0 << EOD
3000 1999.93
EOD
$p1s0 << EOD
600 0.119455 0.119455 0.119455
3000 5.07699 5.07699 5.07699
EOD
$p1s1 << EOD
600 0.112927 0.112927 0.112927
3000 0.127647 0.127647 0.127647
EOD
$p1s2 << EOD
600 0.086943 0.086943 0.086943
3000 0.092447 0.092447 0.092447
EOD
$p1s3 << EOD
600 0.095775 0.095775 0.095775
EOD
$p1s4 << EOD
600 0.097055 0.097055 0.097055
3000 1.47405 1.47405 1.47405
EOD
$p1s5 << EOD
600 0.097055 0.097055 0.097055
3000 0.082719 0.082719 0.082719
EOD
$p1s6 << EOD
600 0.099743 0.099743 0.099743
3000 0.092319 0.092319 0.092319
EOD
$p1s7 << EOD
600 0.103007 0.103007 0.103007
3000 0.095519 0.095519 0.095519
EOD
$p1s8 << EOD
600 0.150335 0.150335 0.150335
3000 0.083743 0.083743 0.083743
EOD
$p1s9 << EOD
600 0.101087 0.101087 0.101087
3000 0.095327 0.095327 0.095327
EOD
$p1s10 << EOD
600 0.097055 0.097055 0.097055
3000 0.092831 0.092831 0.092831
EOD
$p1s11 << EOD
600 0.093919 0.093919 0.093919
3000 0.078495 0.078495 0.078495
EOD
$p1r0 << EOD
3000 0.0392475
EOD
$p2s0 << EOD
600 11.1089 11.1089 11.1089
3000 87.2862 87.2862 87.2862
EOD
$p2s1 << EOD
600 8.81416 8.81416 8.81416
3000 14.5889 14.5889 14.5889
EOD
$p2s2 << EOD
600 8.91833 8.91833 8.91833
3000 10.1196 10.1196 10.1196
EOD
$p2s3 << EOD
600 6.58409 6.58409 6.58409
EOD
$p2s4 << EOD
600 6.63391 6.63391 6.63391
3000 244.407 244.407 244.407
EOD
$p2s5 << EOD
600 7.1411 7.1411 7.1411
3000 6.19275 6.19275 6.19275
EOD
$p2s6 << EOD
600 6.84153 6.84153 6.84153
3000 7.83387 7.83387 7.83387
EOD
$p2s7 << EOD
600 6.52844 6.52844 6.52844
3000 6.0077 6.0077 6.0077
EOD
$p2s8 << EOD
600 6.59467 6.59467 6.59467
3000 6.67117 6.67117 6.67117
EOD
$p2s9 << EOD
600 6.52747 6.52747 6.52747
3000 7.20897 7.20897 7.20897
EOD
$p2s10 << EOD
600 7.28589 7.28589 7.28589
3000 7.01439 7.01439 7.01439
EOD
$p2s11 << EOD
600 6.44847 6.44847 6.44847
3000 5.44507 5.44507 5.44507
EOD
$p2r0 << EOD
3000 2.72254
EOD
$p3s0 << EOD
600 5 5 5
3000 3001 3001 3001
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
600 2.30469 2.30469 2.30469
3000 2852.09 2852.09 2852.09
EOD
$p4s1 << EOD
600 1.63672 1.63672 1.63672
3000 2389.91 2389.91 2389.91
EOD
$p4s2 << EOD
600 2.15234 2.15234 2.15234
3000 2289.49 2289.49 2289.49
EOD
$p4s3 << EOD
600 1.48438 1.48438 1.48438
EOD
$p4s4 << EOD
600 1.40234 1.40234 1.40234
3000 2284.91 2284.91 2284.91
EOD
$p4s5 << EOD
600 1.54688 1.54688 1.54688
3000 2287.71 2287.71 2287.71
EOD
$p4s6 << EOD
600 1.65234 1.65234 1.65234
3000 2286.7 2286.7 2286.7
EOD
$p4s7 << EOD
600 1.64453 1.64453 1.64453
3000 2288.7 2288.7 2288.7
EOD
$p4s8 << EOD
600 1.39062 1.39062 1.39062
3000 2289.3 2289.3 2289.3
EOD
$p4s9 << EOD
600 1.56641 1.56641 1.56641
3000 2289.57 2289.57 2289.57
EOD
$p4s10 << EOD
600 3.12109 3.12109 3.12109
3000 2284.45 2284.45 2284.45
EOD
$p4s11 << EOD
600 1.58203 1.58203 1.58203
3000 2301.96 2301.96 2301.96
EOD
$p4r0 << EOD
3000 0.695312
EOD
$p5s0 << EOD
600 0 0 0
3000 2252 2252 2252
EOD
$p5s1 << EOD
600 0 0 0
3000 2256.56 2256.56 2256.56
EOD
$p5s2 << EOD
600 0 0 0
3000 2258.56 2258.56 2258.56
EOD
$p5s3 << EOD
600 0 0 0
EOD
$p5s4 << EOD
600 0 0 0
3000 2257.57 2257.57 2257.57
EOD
$p5s5 << EOD
600 0 0 0
3000 2259.57 2259.57 2259.57
EOD
$p5s6 << EOD
600 0 0 0
3000 2258.56 2258.56 2258.56
EOD
$p5s7 << EOD
600 0 0 0
3000 2259.57 2259.57 2259.57
EOD
$p5s8 << EOD
600 0 0 0
3000 2259 2259 2259
EOD
$p5s9 << EOD
600 0 0 0
3000 2259 2259 2259
EOD
$p5s10 << EOD
600 0 0 0
3000 2253.56 2253.56 2253.56
EOD
$p5s11 << EOD
600 0 0 0
3000 2254.56 2254.56 2254.56
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
set ylabel "throughput (requests/s, log scale)"
set logscale x 10
set logscale y 10
set format y '%.0s%c'
set xrange [375:4800]
set yrange [1333.29:1.73934e+08]
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
     $p0r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 title "select: refused"
set title "legitimate GET / p99 latency"
set xlabel "attacking connections"
set ylabel "p99 latency (ms, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [375:4800]
set yrange [0.026165:10.1299]
set xtics ("no attack" 600, "3,000" 3000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 notitle, \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 notitle, \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 notitle, \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 notitle, \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 notitle, \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 notitle, \
     $p1s6 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 notitle, \
     $p1s7 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 notitle, \
     $p1s8 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 notitle, \
     $p1s9 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 notitle, \
     $p1s10 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 notitle, \
     $p1s11 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 notitle, \
     $p1r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 notitle
set title "server CPU per legitimate request"
set xlabel "attacking connections"
set ylabel "server CPU per GET / (µs, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [375:4800]
set yrange [1.81502:487.656]
set xtics ("no attack" 600, "3,000" 3000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 notitle, \
     $p2s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 notitle, \
     $p2s2 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 notitle, \
     $p2s3 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 notitle, \
     $p2s4 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 notitle, \
     $p2s5 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 notitle, \
     $p2s6 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 notitle, \
     $p2s7 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 notitle, \
     $p2s8 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 notitle, \
     $p2s9 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 notitle, \
     $p2s10 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 notitle, \
     $p2s11 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 notitle, \
     $p2r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 notitle
set title "what the attack costs: server threads"
set xlabel "attacking connections"
set ylabel "threads (of every server process, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [375:4800]
set yrange [0.333333:5995.76]
set xtics ("no attack" 600, "3,000" 3000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p3s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 notitle, \
     $p3s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 notitle, \
     $p3s2 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 notitle, \
     $p3s3 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 notitle, \
     $p3s4 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 notitle, \
     $p3s5 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 notitle, \
     $p3s6 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 notitle, \
     $p3s7 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 notitle, \
     $p3s8 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 notitle, \
     $p3s9 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 notitle, \
     $p3s10 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 notitle, \
     $p3s11 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 notitle, \
     $p3r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 notitle
set title "what the attack costs: server memory"
set xlabel "attacking connections"
set ylabel "charged to the server, user + kernel (MiB, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [375:4800]
set yrange [0.463542:5690.68]
set xtics ("no attack" 600, "3,000" 3000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p4s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 notitle, \
     $p4s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 notitle, \
     $p4s2 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 notitle, \
     $p4s3 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 notitle, \
     $p4s4 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 notitle, \
     $p4s5 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 notitle, \
     $p4s6 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 notitle, \
     $p4s7 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 notitle, \
     $p4s8 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 notitle, \
     $p4s9 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 notitle, \
     $p4s10 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 notitle, \
     $p4s11 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 notitle, \
     $p4r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 notitle
set title "TCP socket buffers (machine-wide, both ends)"
set xlabel "attacking connections"
set ylabel "kernel TCP memory growth (MiB)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [375:4800]
set yrange [-10:2485.53]
set xtics ("no attack" 600, "3,000" 3000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p5s0 using 1:2:3:4 with yerrorlines lc rgb "#08306b" pt 4 dt 1 lw 2 ps 1.2 notitle, \
     $p5s1 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 notitle, \
     $p5s2 using 1:2:3:4 with yerrorlines lc rgb "#6baed6" pt 7 dt 1 lw 2 ps 1.2 notitle, \
     $p5s3 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 9 dt 1 lw 2 ps 1.2 notitle, \
     $p5s4 using 1:2:3:4 with yerrorlines lc rgb "#b15928" pt 8 dt 1 lw 2 ps 1.2 notitle, \
     $p5s5 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 notitle, \
     $p5s6 using 1:2:3:4 with yerrorlines lc rgb "#8b0000" pt 10 dt 1 lw 2 ps 1.2 notitle, \
     $p5s7 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 notitle, \
     $p5s8 using 1:2:3:4 with yerrorlines lc rgb "#e6a06a" pt 14 dt 1 lw 2 ps 1.2 notitle, \
     $p5s9 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 notitle, \
     $p5s10 using 1:2:3:4 with yerrorlines lc rgb "#3f007d" pt 12 dt 1 lw 2 ps 1.2 notitle, \
     $p5s11 using 1:2:3:4 with yerrorlines lc rgb "#e377c2" pt 6 dt 1 lw 2 ps 1.2 notitle, \
     $p5r0 using 1:2 with points lc rgb "#ff7f0e" pt 2 ps 2.2 lw 2 notitle
unset multiplot

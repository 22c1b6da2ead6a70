# Slow body, R-U-DEAD-YET (request bodies trickled) against each model
# Redraw: gnuplot -e "set terminal svg" slow_slowbody.gp > slow_slowbody.svg
$p0s0 << EOD
600 71699.9 71699.9 71699.9
3000 49022.8 49022.8 49022.8
EOD
$p0s1 << EOD
600 69900.5 69900.5 69900.5
3000 61362.9 61362.9 61362.9
EOD
$p0s2 << EOD
600 89625.3 89625.3 89625.3
3000 88797.9 88797.9 88797.9
EOD
$p0s3 << EOD
600 82792.6 82792.6 82792.6
EOD
$p0s4 << EOD
600 88066 88066 88066
3000 3983.86 3983.86 3983.86
EOD
$p0s5 << EOD
600 71654.3 71654.3 71654.3
3000 83671 83671 83671
EOD
$p0s6 << EOD
600 76683.9 76683.9 76683.9
3000 75400.9 75400.9 75400.9
EOD
$p0s7 << EOD
600 87613.8 87613.8 87613.8
3000 81859.9 81859.9 81859.9
EOD
$p0s8 << EOD
600 84048.3 84048.3 84048.3
3000 76093.9 76093.9 76093.9
EOD
$p0s9 << EOD
600 87001.8 87001.8 87001.8
3000 73813.3 73813.3 73813.3
EOD
$p0s10 << EOD
600 66180.4 66180.4 66180.4
3000 61443.5 61443.5 61443.5
EOD
$p0s11 << EOD
600 89309.6 89309.6 89309.6
3000 81134.3 81134.3 81134.3
EOD
$p0r0 << EOD
3000 0
EOD
$p1s0 << EOD
600 0.119455 0.119455 0.119455
3000 0.153279 0.153279 0.153279
EOD
$p1s1 << EOD
600 0.112927 0.112927 0.112927
3000 0.122399 0.122399 0.122399
EOD
$p1s2 << EOD
600 0.086943 0.086943 0.086943
3000 0.087583 0.087583 0.087583
EOD
$p1s3 << EOD
600 0.095775 0.095775 0.095775
EOD
$p1s4 << EOD
600 0.097055 0.097055 0.097055
3000 1.30713 1.30713 1.30713
EOD
$p1s5 << EOD
600 0.097055 0.097055 0.097055
3000 0.097759 0.097759 0.097759
EOD
$p1s6 << EOD
600 0.099743 0.099743 0.099743
3000 0.102815 0.102815 0.102815
EOD
$p1s7 << EOD
600 0.103007 0.103007 0.103007
3000 0.101023 0.101023 0.101023
EOD
$p1s8 << EOD
600 0.150335 0.150335 0.150335
3000 0.103007 0.103007 0.103007
EOD
$p1s9 << EOD
600 0.101087 0.101087 0.101087
3000 0.099615 0.099615 0.099615
EOD
$p1s10 << EOD
600 0.097055 0.097055 0.097055
3000 0.109599 0.109599 0.109599
EOD
$p1s11 << EOD
600 0.093919 0.093919 0.093919
3000 0.098399 0.098399 0.098399
EOD
$p1r0 << EOD
3000 0
EOD
$p2s0 << EOD
600 11.1089 11.1089 11.1089
3000 12.8746 12.8746 12.8746
EOD
$p2s1 << EOD
600 8.81416 8.81416 8.81416
3000 9.63912 9.63912 9.63912
EOD
$p2s2 << EOD
600 8.91833 8.91833 8.91833
3000 8.95209 8.95209 8.95209
EOD
$p2s3 << EOD
600 6.58409 6.58409 6.58409
EOD
$p2s4 << EOD
600 6.63391 6.63391 6.63391
3000 247.277 247.277 247.277
EOD
$p2s5 << EOD
600 7.1411 7.1411 7.1411
3000 6.74734 6.74734 6.74734
EOD
$p2s6 << EOD
600 6.84153 6.84153 6.84153
3000 7.06511 7.06511 7.06511
EOD
$p2s7 << EOD
600 6.52844 6.52844 6.52844
3000 6.69915 6.69915 6.69915
EOD
$p2s8 << EOD
600 6.59467 6.59467 6.59467
3000 7.21419 7.21419 7.21419
EOD
$p2s9 << EOD
600 6.52747 6.52747 6.52747
3000 7.20863 7.20863 7.20863
EOD
$p2s10 << EOD
600 7.28589 7.28589 7.28589
3000 7.90026 7.90026 7.90026
EOD
$p2s11 << EOD
600 6.44847 6.44847 6.44847
3000 7.12917 7.12917 7.12917
EOD
$p2r0 << EOD
3000 3.22424
EOD
$p3s0 << EOD
600 5 5 5
3000 3005 3005 3005
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
3000 632.297 632.297 632.297
EOD
$p4s1 << EOD
600 1.63672 1.63672 1.63672
3000 142.152 142.152 142.152
EOD
$p4s2 << EOD
600 2.15234 2.15234 2.15234
3000 39.8633 39.8633 39.8633
EOD
$p4s3 << EOD
600 1.48438 1.48438 1.48438
EOD
$p4s4 << EOD
600 1.40234 1.40234 1.40234
3000 38.3203 38.3203 38.3203
EOD
$p4s5 << EOD
600 1.54688 1.54688 1.54688
3000 38.8633 38.8633 38.8633
EOD
$p4s6 << EOD
600 1.65234 1.65234 1.65234
3000 38.8789 38.8789 38.8789
EOD
$p4s7 << EOD
600 1.64453 1.64453 1.64453
3000 39.6328 39.6328 39.6328
EOD
$p4s8 << EOD
600 1.39062 1.39062 1.39062
3000 39.875 39.875 39.875
EOD
$p4s9 << EOD
600 1.56641 1.56641 1.56641
3000 46.0625 46.0625 46.0625
EOD
$p4s10 << EOD
600 3.12109 3.12109 3.12109
3000 42.5195 42.5195 42.5195
EOD
$p4s11 << EOD
600 1.58203 1.58203 1.58203
3000 53.1172 53.1172 53.1172
EOD
$p4r0 << EOD
3000 0.695312
EOD
$p5s0 << EOD
600 0 0 0
EOD
$p5s1 << EOD
600 0 0 0
3000 1 1 1
EOD
$p5s2 << EOD
600 0 0 0
3000 0 0 0
EOD
$p5s3 << EOD
600 0 0 0
EOD
$p5s4 << EOD
600 0 0 0
3000 1 1 1
EOD
$p5s5 << EOD
600 0 0 0
3000 1.56641 1.56641 1.56641
EOD
$p5s6 << EOD
600 0 0 0
3000 1.56641 1.56641 1.56641
EOD
$p5s7 << EOD
600 0 0 0
3000 1.56641 1.56641 1.56641
EOD
$p5s8 << EOD
600 0 0 0
3000 0.566406 0.566406 0.566406
EOD
$p5s9 << EOD
600 0 0 0
3000 0 0 0
EOD
$p5s10 << EOD
600 0 0 0
3000 1.56641 1.56641 1.56641
EOD
$p5s11 << EOD
600 0 0 0
3000 1.5625 1.5625 1.5625
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
set multiplot layout 2,3 title "Slow body, R-U-DEAD-YET (request bodies trickled) against each model" font ',13'
set title "legitimate GET / throughput (4 connections)"
set xlabel "attacking connections"
set ylabel "throughput (requests/s)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [375:4800]
set yrange [0:224063]
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
set ylabel "p99 latency (ms)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [375:4800]
set yrange [0:1.39056]
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
set yrange [2.14949:493.382]
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
set yrange [0.463542:1261.6]
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
set yrange [-10:10]
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

# Slowloris (request heads trickled) against each model
# Redraw: gnuplot -e "set terminal svg" slow_slowloris.gp > slow_slowloris.svg
$p0s0 << EOD
100 91096.5 90126.9 92066.2
500 84253.2 83957.3 84549.1
3000 80102.8 79620.5 80585
EOD
$p0s1 << EOD
100 62209.7 61670.4 62749
500 51422.8 42188.2 60657.5
3000 51509.1 42302.4 60715.8
EOD
$p0s2 << EOD
100 105402 80982 129823
500 24456.6 20622.4 28290.7
EOD
$p0s3 << EOD
100 133484 132609 134358
500 130084 126278 133891
3000 126394 122418 130369
EOD
$p0s4 << EOD
100 122790 121791 123790
500 104005 79719.8 128291
3000 106555 85673.9 127436
EOD
$p0s5 << EOD
100 108524 101523 115524
500 95664.8 91773.2 99556.3
3000 109408 96894 121921
EOD
$p0r0 << EOD
3000 0
EOD
$p0l << EOD
100 105402
100 133484
500 130084
3000 126394
100 122790
500 104005
100 108524
EOD
$p1s0 << EOD
100 0.089663 0.089503 0.089823
500 0.094975 0.091487 0.098463
3000 0.097343 0.096351 0.098335
EOD
$p1s1 << EOD
100 0.105215 0.097823 0.112607
500 0.130991 0.110239 0.151743
3000 0.128079 0.099935 0.156223
EOD
$p1s2 << EOD
100 0.083351 0.058831 0.107871
500 0.219839 0.185151 0.254527
EOD
$p1s3 << EOD
100 0.057231 0.053103 0.061359
500 0.059735 0.050447 0.069023
3000 0.066087 0.059951 0.072223
EOD
$p1s4 << EOD
100 0.082015 0.076959 0.087071
500 0.087871 0.072991 0.102751
3000 0.076151 0.058447 0.093855
EOD
$p1s5 << EOD
100 0.087263 0.079327 0.095199
500 0.090335 0.089119 0.091551
3000 0.065879 0.059023 0.072735
EOD
$p1r0 << EOD
3000 0
EOD
$p2s0 << EOD
100 10.6767 10.5075 10.8459
500 10.8147 10.75 10.8794
3000 10.8342 10.8119 10.8564
EOD
$p2s1 << EOD
100 15.5964 15.5897 15.6031
500 19.1928 15.8792 22.5063
3000 19.123 15.7085 22.5376
EOD
$p2s2 << EOD
100 9.43613 7.53045 11.3418
500 40.7982 34.5374 47.059
EOD
$p2s3 << EOD
100 7.1858 7.16323 7.20837
500 7.2739 7.15197 7.39583
3000 7.41038 7.29732 7.52344
EOD
$p2s4 << EOD
100 7.72261 7.69893 7.7463
500 9.71623 7.46025 11.9722
3000 8.56689 7.42079 9.71299
EOD
$p2s5 << EOD
100 8.05838 7.62333 8.49344
500 9.1616 8.59475 9.72845
3000 8.64227 7.56996 9.71458
EOD
$p2r0 << EOD
3000 0
EOD
$p3s0 << EOD
100 5 5 5
500 505 505 505
3000 3005 3005 3005
EOD
$p3s1 << EOD
100 17 17 17
500 17 17 17
3000 17 17 17
EOD
$p3s2 << EOD
100 1 1 1
500 1 1 1
EOD
$p3s3 << EOD
100 1 1 1
500 1 1 1
3000 1 1 1
EOD
$p3s4 << EOD
100 1 1 1
500 1 1 1
3000 1 1 1
EOD
$p3s5 << EOD
100 1 1 1
500 1 1 1
3000 1 1 1
EOD
$p3r0 << EOD
3000 0.5
EOD
$p4s0 << EOD
100 2.14258 2.11328 2.17188
500 18.4355 18.4258 18.4453
3000 100.445 100.094 100.797
EOD
$p4s1 << EOD
100 2.27148 2.26953 2.27344
500 6.6543 6.49219 6.81641
3000 27.6621 27.4258 27.8984
EOD
$p4s2 << EOD
100 1.90625 1.87109 1.94141
500 6.03125 6.01562 6.04688
EOD
$p4s3 << EOD
100 1.88281 1.87891 1.88672
500 6.08203 6.06641 6.09766
3000 27.0137 26.832 27.1953
EOD
$p4s4 << EOD
100 2.23047 2.19141 2.26953
500 6.74805 6.68359 6.8125
3000 29.4375 29.3438 29.5312
EOD
$p4s5 << EOD
100 2.06836 2.05859 2.07812
500 6.31445 6.26953 6.35938
3000 27.5391 27.4805 27.5977
EOD
$p4r0 << EOD
3000 0.935547
EOD
$p5s0 << EOD
100 0 0 0
500 -0.5 -1 0
3000 0 0 0
EOD
$p5s1 << EOD
100 0 0 0
500 -0.5 -1 0
3000 0 0 0
EOD
$p5s2 << EOD
100 0 0 0
500 -1 -1 -1
EOD
$p5s3 << EOD
100 0 0 0
500 -0.285156 -0.300781 -0.269531
3000 0 0 0
EOD
$p5s4 << EOD
100 0 0 0
500 -0.650391 -1 -0.300781
3000 0 0 0
EOD
$p5s5 << EOD
100 0 0 0
500 -0.634766 -1 -0.269531
3000 0 0 0
EOD
$p5r0 << EOD
3000 -1
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 2,3 title "Slowloris (request heads trickled) against each model" font ',13'
set title "legitimate GET / throughput (4 connections)"
set xlabel "attacking connections"
set ylabel "throughput (requests/s)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [62.5:4800]
set yrange [0:233113]
set xtics ("no attack" 100, "500" 500, "3,000" 3000)
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
set title "legitimate GET / p99 latency"
set xlabel "attacking connections"
set ylabel "p99 latency (ms)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [62.5:4800]
set yrange [0:0.27998]
set xtics ("no attack" 100, "500" 500, "3,000" 3000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "", \
     $p1s2 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "", \
     $p1s3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "", \
     $p1s4 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "", \
     $p1s5 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "", \
     $p1r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title ""
set title "server CPU per legitimate request"
set xlabel "attacking connections"
set ylabel "server CPU per GET / (µs)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [62.5:4800]
set yrange [0:51.7649]
set xtics ("no attack" 100, "500" 500, "3,000" 3000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "", \
     $p2s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "", \
     $p2s2 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "", \
     $p2s3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "", \
     $p2s4 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "", \
     $p2s5 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "", \
     $p2r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title ""
set title "what the attack costs: server threads"
set xlabel "attacking connections"
set ylabel "threads (of every server process, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [62.5:4800]
set yrange [0.333333:9015]
set xtics ("no attack" 100, "500" 500, "3,000" 3000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p3s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "", \
     $p3s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "", \
     $p3s2 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "", \
     $p3s3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "", \
     $p3s4 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "", \
     $p3s5 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "", \
     $p3r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title ""
set title "what the attack costs: server memory"
set xlabel "attacking connections"
set ylabel "RSS + threads' kernel stacks (MiB, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [62.5:4800]
set yrange [0.623698:302.391]
set xtics ("no attack" 100, "500" 500, "3,000" 3000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p4s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "", \
     $p4s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "", \
     $p4s2 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "", \
     $p4s3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "", \
     $p4s4 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "", \
     $p4s5 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "", \
     $p4r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title ""
set title "TCP socket buffers (machine-wide, both ends)"
set xlabel "attacking connections"
set ylabel "kernel TCP memory growth (MiB)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [62.5:4800]
set yrange [-1:1]
set xtics ("no attack" 100, "500" 500, "3,000" 3000)
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p5s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "", \
     $p5s1 using 1:2:3:4 with yerrorlines lc rgb "#ff7f0e" pt 7 dt 1 lw 2 ps 1.2 title "", \
     $p5s2 using 1:2:3:4 with yerrorlines lc rgb "#2ca02c" pt 9 dt 1 lw 2 ps 1.2 title "", \
     $p5s3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "", \
     $p5s4 using 1:2:3:4 with yerrorlines lc rgb "#9467bd" pt 13 dt 1 lw 2 ps 1.2 title "", \
     $p5s5 using 1:2:3:4 with yerrorlines lc rgb "#8c564b" pt 15 dt 1 lw 2 ps 1.2 title "", \
     $p5r0 using 1:2 with points lc rgb "#2ca02c" pt 2 ps 2.2 lw 2 title ""
unset multiplot

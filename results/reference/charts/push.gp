# Server push: 10 broadcasts/s, each delivered to every subscriber
# Redraw: gnuplot -e "set terminal svg" push.gp > push.svg
$p0s0 << EOD
100 6.58841 5.4784 7.69843
1000 27.1565 26.3537 27.9593
5000 362.414 311.558 413.27
EOD
$p0s1 << EOD
100 6.17216 4.06016 8.28416
1000 17.3487 15.6017 19.0956
5000 80.216 70.4184 90.0137
EOD
$p1s0 << EOD
100 29.074 28.1481 30
1000 22.4428 22.3703 22.5154
5000 18.6317 18.5927 18.6707
EOD
$p1s1 << EOD
100 12.5 10 15
1000 12.2363 11.4737 12.999
5000 12.8678 12.7911 12.9445
EOD
$p2s0 << EOD
100 4.14844 4.13672 4.16016
1000 23.3301 23.2891 23.3711
5000 108.225 108.219 108.23
EOD
$p2s1 << EOD
100 3.16797 3.16016 3.17578
1000 14.4766 14.4453 14.5078
5000 64.4473 64.4336 64.4609
EOD
set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set tics nomirror
set bars small
set pointintervalbox 0
set multiplot layout 1,3 title "Server push: 10 broadcasts/s, each delivered to every subscriber" font ',13'
set title "delivery latency, send to receipt: p99"
set xlabel "subscribers (log scale)"
set ylabel "delivery p99 (ms, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [62.5:8000]
set yrange [1.35339:937.374]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p0s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p0s1 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll"
set title "server CPU per delivered message"
set xlabel "subscribers (log scale)"
set ylabel "server CPU per delivery (µs)"
set logscale x 10
unset logscale y
set format y '%g'
set xrange [62.5:8000]
set yrange [0:34.2942]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p1s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p1s1 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll"
set title "server memory (user space)"
set xlabel "subscribers (log scale)"
set ylabel "server RSS (MiB, log scale)"
set logscale x 10
set logscale y 10
set format y '%g'
set xrange [62.5:8000]
set yrange [1.05339:215.948]
set xtics auto
set key top left Left reverse font ',9' spacing 0.9 opaque
unset label
plot $p2s0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" pt 5 dt 1 lw 2 ps 1.2 title "thread-per-conn", \
     $p2s1 using 1:2:3:4 with yerrorlines lc rgb "#d62728" pt 11 dt 1 lw 2 ps 1.2 title "epoll"
unset multiplot

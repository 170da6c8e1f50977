<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AuthorisationDialog</name>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/authorisation.py" line="36"/>
        <location filename="../../counterdesk/ui/teller/dialogs/authorisation.py" line="38"/>
        <source>Supervisor authorisation</source>
        <translation>主管授权</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/authorisation.py" line="40"/>
        <source>A supervisor other than the teller must authorise:</source>
        <translation>须由柜员本人以外的主管授权：</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/authorisation.py" line="53"/>
        <source>Supervisor&apos;s staff number</source>
        <translation>主管工号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/authorisation.py" line="73"/>
        <source>Authorise</source>
        <translation>授权</translation>
    </message>
</context>
<context>
    <name>BoardView</name>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="125"/>
        <source>Waiting now</source>
        <translation>当前等候</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="126"/>
        <location filename="../../counterdesk/ui/manager/board.py" line="159"/>
        <source>Longest wait</source>
        <translation>最长等候</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="127"/>
        <source>Served today</source>
        <translation>今日已服务</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="128"/>
        <source>Walk-aways today</source>
        <translation>今日离队</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="129"/>
        <source>Service level today</source>
        <translation>今日服务水平</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="130"/>
        <source>Counters staffed</source>
        <translation>在岗窗口</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="139"/>
        <source>Alerts</source>
        <translation>提醒</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="150"/>
        <source>Waiting by business</source>
        <translation>各业务等候情况</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="157"/>
        <source>Business</source>
        <translation>业务</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="158"/>
        <source>Waiting</source>
        <translation>等候人数</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="160"/>
        <source>Target</source>
        <translation>目标时长</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="161"/>
        <source>Service level</source>
        <translation>服务水平</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="162"/>
        <source>Served</source>
        <translation>已服务</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="163"/>
        <source>Walk-aways</source>
        <translation>离队</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="169"/>
        <source>Counters</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="176"/>
        <source>Counter</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="177"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="178"/>
        <source>Teller</source>
        <translation>柜员</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="179"/>
        <source>Since</source>
        <translation>开始于</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="180"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="207"/>
        <source>Serving</source>
        <translation>服务中</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="209"/>
        <source>Open, waiting for a customer</source>
        <translation>已开放，等候客户</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="212"/>
        <source>Paused: %1</source>
        <translation>暂停：%1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="212"/>
        <source>Paused</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="214"/>
        <source>Not responding</source>
        <translation>无响应</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="215"/>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="221"/>
        <source>%1: %2 waiting, and no open counter serves it</source>
        <translation>%1：%2 位客户等候，但没有开放的窗口办理该业务</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="245"/>
        <source>Tickets issued today: %1</source>
        <translation>今日已取号 %1 张</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="227"/>
        <source>%1: the longest wait is %2, over the target of %3</source>
        <translation>%1：最长等候 %2，已超过目标 %3</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="233"/>
        <source>Counter %1 has been paused for %2 (more than %3)</source>
        <translation>%1 号窗口已暂停 %2（超过 %3）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="249"/>
        <source>Nobody is waiting</source>
        <translation>暂无客户等候</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="259"/>
        <source>%1 of arrivals</source>
        <translation>占到达客户的 %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="265"/>
        <source>%1 of %2 called within target</source>
        <translation>%2 位中有 %1 位在目标时间内被叫号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="272"/>
        <source>%1 serving · %2 free · %3 paused</source>
        <translation>%1 服务中 · %2 空闲 · %3 暂停</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="287"/>
        <source>No alerts</source>
        <translation>无提醒</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/board.py" line="346"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>BranchPage</name>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="160"/>
        <source>Branch</source>
        <translation>网点</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="161"/>
        <source>The branch code is the one head office gave this branch.</source>
        <translation>网点代码为总行分配给本网点的代码。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="167"/>
        <source>Branch code:</source>
        <translation>网点代码：</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="168"/>
        <source>Branch name:</source>
        <translation>网点名称：</translation>
    </message>
</context>
<context>
    <name>ChecklistWidget</name>
    <message>
        <location filename="../../counterdesk/ui/teller/checklist.py" line="120"/>
        <source>No customer at the counter</source>
        <extracomment>Colours shared by the rows; the red and grey match the dialogs.</extracomment>
        <translation>窗口暂无客户</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/checklist.py" line="207"/>
        <source>v{version}</source>
        <translation>v{version}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/checklist.py" line="214"/>
        <source>{done} of {total} done</source>
        <translation>已完成 {done}/{total}</translation>
    </message>
</context>
<context>
    <name>ClosedPage</name>
    <message>
        <location filename="../../counterdesk/ui/kiosk/closed_page.py" line="47"/>
        <source>Connecting to the queue…</source>
        <translation>正在连接排队系统…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/closed_page.py" line="48"/>
        <source>Please wait a moment.</source>
        <translation>请稍候。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/closed_page.py" line="52"/>
        <source>No counter is open at the moment</source>
        <translation>目前暂无窗口办理业务</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/closed_page.py" line="53"/>
        <source>Please ask our staff.</source>
        <translation>请咨询大堂工作人员。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/closed_page.py" line="57"/>
        <source>We are closed</source>
        <translation>本网点已停止营业</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/closed_page.py" line="60"/>
        <source>Opening hours: {hours}</source>
        <translation>营业时间：{hours}</translation>
    </message>
</context>
<context>
    <name>CounterPage</name>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="192"/>
        <source>Counter</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="194"/>
        <source>Tick the business types this counter serves; none ticked serves every type.</source>
        <translation>勾选本窗口办理的业务类型；都不勾选则办理全部类型。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="211"/>
        <source>Counter number:</source>
        <translation>窗口号：</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="212"/>
        <source>Serves:</source>
        <translation>办理业务：</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/crash.py" line="28"/>
        <source>An error occurred and was logged</source>
        <translation>发生了错误，已记入日志</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/crash.py" line="65"/>
        <source>{count} errors; the last: {summary}</source>
        <translation>共 {count} 次错误；最近一次：{summary}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/crash.py" line="70"/>
        <source>Details are in the log file:</source>
        <translation>详细信息见日志文件：</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/crash.py" line="72"/>
        <source>Details went to the program&apos;s error output (no log file).</source>
        <translation>详细信息已写入程序的错误输出（未设日志文件）。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/crash.py" line="78"/>
        <source>The program keeps running: carry on, and give this log file to IT support if it happens again.</source>
        <translation>程序仍在运行，可以继续办理业务；如再次出现，请把此日志文件交给技术支持人员。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/crash.py" line="82"/>
        <source>counterdesk: error</source>
        <translation>counterdesk：错误</translation>
    </message>
</context>
<context>
    <name>CredentialFields</name>
    <message>
        <location filename="../../counterdesk/ui/widgets/credentials.py" line="53"/>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>CustomerWindow</name>
    <message>
        <location filename="../../counterdesk/ui/customer/window.py" line="498"/>
        <source>No photo</source>
        <extracomment>Smallest height of a score button: a comfortable target for a finger. The pages&apos; text sizes in pixels when they fit; on a narrow window they shrink (FitLabel).</extracomment>
        <translation>无照片</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/customer/window.py" line="505"/>
        <source>Photo of %1</source>
        <translation>%1 的照片</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/customer/window.py" line="513"/>
        <source>Welcome! Please wait for your number.</source>
        <translation>欢迎光临！请留意叫号。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/customer/window.py" line="516"/>
        <source>Welcome! I am glad to serve you today.</source>
        <translation>欢迎光临！很高兴为您服务。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/customer/window.py" line="518"/>
        <source>Staff No. {number}</source>
        <translation>工号 {number}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/customer/window.py" line="523"/>
        <source>Now serving</source>
        <translation>正在办理</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/customer/window.py" line="524"/>
        <source>Service paused — please wait</source>
        <translation>暂停服务，请稍候</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/customer/window.py" line="525"/>
        <source>How satisfied are you with this service?</source>
        <translation>您对本次服务满意吗？</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/customer/window.py" line="526"/>
        <source>What could we do better? Tap all that apply.</source>
        <translation>我们哪些方面还需改进？（可多选）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/customer/window.py" line="527"/>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/customer/window.py" line="528"/>
        <location filename="../../counterdesk/ui/customer/window.py" line="529"/>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/customer/window.py" line="530"/>
        <source>Thank you for your feedback</source>
        <translation>感谢您的评价</translation>
    </message>
</context>
<context>
    <name>DeskActions</name>
    <message>
        <location filename="../../counterdesk/ui/teller/actions.py" line="89"/>
        <source>Call next</source>
        <extracomment>Each action&apos;s name without its key, in the current language (for the key hints).</extracomment>
        <translation>叫号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/actions.py" line="90"/>
        <source>Recall</source>
        <translation>重呼</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/actions.py" line="91"/>
        <source>No-show</source>
        <translation>过号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/actions.py" line="92"/>
        <source>Start service</source>
        <translation>开始办理</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/actions.py" line="93"/>
        <source>Transfer</source>
        <translation>转移</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/actions.py" line="94"/>
        <source>Hold</source>
        <translation>挂起</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/actions.py" line="95"/>
        <source>Switch business</source>
        <translation>切换业务</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/actions.py" line="96"/>
        <source>Finish</source>
        <translation>办理完成</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/actions.py" line="97"/>
        <source>Resume held</source>
        <translation>恢复挂起</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/actions.py" line="98"/>
        <source>Sign out</source>
        <translation>签退</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/actions.py" line="108"/>
        <source>Resume</source>
        <translation>恢复服务</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/actions.py" line="108"/>
        <source>Pause</source>
        <translation>暂停服务</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <location filename="../../counterdesk/ui/teller/status_bar.py" line="55"/>
        <source>Served today: %1</source>
        <translation>今日已办：%1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/status_bar.py" line="57"/>
        <source>Average service: %1</source>
        <translation>平均办理时长：%1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/status_bar.py" line="62"/>
        <source>Connecting to the queue…</source>
        <translation>正在连接排队系统…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/status_bar.py" line="67"/>
        <source>Queue: connected</source>
        <translation>排队系统：已连接</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/status_bar.py" line="67"/>
        <source>Queue offline — reconnecting…</source>
        <translation>排队系统离线，正在重新连接…</translation>
    </message>
</context>
<context>
    <name>DiagnosticsDialog</name>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="399"/>
        <location filename="../../counterdesk/ui/diagnostics.py" line="436"/>
        <location filename="../../counterdesk/ui/diagnostics.py" line="537"/>
        <source>About and diagnostics</source>
        <translation>关于与诊断</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="401"/>
        <source>counterdesk {version}: counter terminal for bank branches</source>
        <translation>counterdesk {version}：银行网点柜面终端</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="414"/>
        <source>Check</source>
        <translation>检查项</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="414"/>
        <source>Finding and what to do</source>
        <translation>结果与处理办法</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="426"/>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="429"/>
        <source>Copy for IT support</source>
        <translation>复制给 IT 支持</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="454"/>
        <source>Checking… (the queue and head office may take seconds)</source>
        <translation>正在检查…（排队系统和总行可能需要几秒）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="472"/>
        <source>The checks could not run: {error}</source>
        <translation>无法执行检查：{error}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="481"/>
        <source>Checked at {time}: {failed} failed, {warnings} to look at</source>
        <translation>{time} 检查完毕：{failed} 项失败，{warnings} 项需留意</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="485"/>
        <source>Checked at {time}: all is well</source>
        <translation>{time} 检查完毕：一切正常</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="522"/>
        <source>Copied: paste it into the message to IT support</source>
        <translation>已复制：请粘贴到发给 IT 支持的消息中</translation>
    </message>
</context>
<context>
    <name>DisplayWindow</name>
    <message>
        <location filename="../../counterdesk/ui/display/window.py" line="168"/>
        <source>{count} waiting</source>
        <extracomment>Earlier calls listed below the newest one. How long the newest call blinks, and how fast. The smallest the display&apos;s sizes get (a small window in the demo). Below this height the display shows only the newest call and the number waiting (a narrow strip of a screen, as in the demo on one screen).</extracomment>
        <translation>共 {count} 人等候</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/display/window.py" line="188"/>
        <source>Connecting to the queue…</source>
        <translation>正在连接排队系统…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/display/window.py" line="425"/>
        <source>Long wait</source>
        <translation>等候较久</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/display/window.py" line="438"/>
        <source>Counter {counter}</source>
        <translation>{counter} 号窗口</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/display/window.py" line="445"/>
        <source>Please wait for your number to be called</source>
        <translation>请留意叫号，耐心等候</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/display/window.py" line="450"/>
        <source>Ticket {ticket}, please go to counter {counter}</source>
        <translation>请 {ticket} 号到 {counter} 号窗口</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/display/window.py" line="526"/>
        <source>Now calling</source>
        <translation>正在呼叫</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/display/window.py" line="527"/>
        <source>Previous calls</source>
        <translation>最近呼叫</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/display/window.py" line="528"/>
        <source>Waiting customers</source>
        <translation>等候人数</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/display/window.py" line="529"/>
        <source>Long wait: waiting longer than our service target</source>
        <translation>等候较久：等候时间已超过服务目标</translation>
    </message>
</context>
<context>
    <name>FinishOverrideDialog</name>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/finish_override.py" line="38"/>
        <source>Finish with steps open</source>
        <translation>有未完成步骤时办结</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/finish_override.py" line="41"/>
        <source>Mandatory steps are still open</source>
        <translation>仍有必办步骤未完成</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/finish_override.py" line="58"/>
        <source>Why the service ends without them</source>
        <translation>未完成这些步骤即办结的原因</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/finish_override.py" line="59"/>
        <source>Supervisor&apos;s staff number</source>
        <translation>主管工号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/finish_override.py" line="62"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/finish_override.py" line="91"/>
        <source>Finish anyway</source>
        <translation>仍要办结</translation>
    </message>
</context>
<context>
    <name>HeadOfficeDialog</name>
    <message>
        <location filename="../../counterdesk/ui/teller/head_office.py" line="65"/>
        <location filename="../../counterdesk/ui/teller/head_office.py" line="70"/>
        <source>Head office sync</source>
        <extracomment>Opens the head-office dialog from the teller&apos;s window.</extracomment>
        <translation>总行同步</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/head_office.py" line="78"/>
        <source>A supervisor signs in to see the sync&apos;s details.</source>
        <translation>主管登录后可查看同步详情。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/head_office.py" line="82"/>
        <source>Supervisor&apos;s staff number</source>
        <translation>主管工号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/head_office.py" line="88"/>
        <source>Show</source>
        <translation>查看</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/head_office.py" line="107"/>
        <source>Last sync</source>
        <translation>上次同步</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/head_office.py" line="108"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/head_office.py" line="109"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/head_office.py" line="110"/>
        <source>Last successful sync</source>
        <translation>上次成功同步</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/head_office.py" line="111"/>
        <source>Events to send</source>
        <translation>待发送事件</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/head_office.py" line="112"/>
        <source>Next sync</source>
        <translation>下次同步</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/head_office.py" line="118"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/head_office.py" line="169"/>
        <source>Never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/head_office.py" line="180"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/head_office.py" line="182"/>
        <source>Skipped: another sync of this journal is running</source>
        <translation>已跳过：本日志的另一次同步正在进行</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/head_office.py" line="184"/>
        <source>Never synced</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/head_office.py" line="186"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/head_office.py" line="186"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>HeadOfficePage</name>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="346"/>
        <source>Head office</source>
        <translation>总行</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="349"/>
        <source>The nightly sync sends this terminal&apos;s records to head office. Leave the address empty for no sync. The password comes from the environment or the system keyring, never from this file.</source>
        <translation>夜间同步会把本终端的记录发送到总行。地址留空则不同步。密码来自环境变量或系统密钥环，绝不写在此文件中。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="361"/>
        <source>Head office address:</source>
        <translation>总行地址：</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="362"/>
        <source>Sync at (local time):</source>
        <translation>同步时间（本地时间）：</translation>
    </message>
</context>
<context>
    <name>IdlePanel</name>
    <message>
        <location filename="../../counterdesk/ui/teller/idle_panel.py" line="146"/>
        <source>Waiting for this counter</source>
        <extracomment>Narrowest key badge, so single keys line up whatever else is listed. Room between the panel&apos;s sections; it gives way first on a low window (the demo&apos;s tile).</extracomment>
        <translation>本窗口的等候客户</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/idle_panel.py" line="147"/>
        <source>Your day</source>
        <translation>今日工作</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/idle_panel.py" line="148"/>
        <source>Customers served</source>
        <translation>已服务客户</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/idle_panel.py" line="149"/>
        <source>Average service</source>
        <translation>平均服务时长</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/idle_panel.py" line="150"/>
        <source>Keys you can use now</source>
        <translation>当前可用快捷键</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/idle_panel.py" line="176"/>
        <source>Nobody is waiting for this counter.</source>
        <translation>本窗口暂无客户等候。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/idle_panel.py" line="178"/>
        <source>1 customer is waiting for this counter.</source>
        <translation>本窗口有 1 位客户等候。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/idle_panel.py" line="181"/>
        <source>%1 customers are waiting for this counter.</source>
        <translation>本窗口有 %1 位客户等候。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/idle_panel.py" line="196"/>
        <source>Longest wait: %1 (%2), over its target of %3.</source>
        <translation>最长等候：%1（%2），已超过目标 %3。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/idle_panel.py" line="198"/>
        <source>Longest wait: %1 (%2); its target is %3.</source>
        <translation>最长等候：%1（%2），目标为 %3。</translation>
    </message>
</context>
<context>
    <name>IssuedPage</name>
    <message>
        <location filename="../../counterdesk/ui/kiosk/issued_page.py" line="133"/>
        <source>Your number</source>
        <translation>您的号码</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/issued_page.py" line="134"/>
        <source>Please take your ticket</source>
        <translation>请取走您的号票</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/issued_page.py" line="136"/>
        <source>The printer is not working: please remember your number</source>
        <translation>打印机故障，请牢记您的号码</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/issued_page.py" line="138"/>
        <source>Tap anywhere to finish</source>
        <translation>点击任意处返回</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/issued_page.py" line="190"/>
        <source>No one is ahead of you</source>
        <translation>您前面没有人等候</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/issued_page.py" line="192"/>
        <source>1 person ahead of you</source>
        <translation>您前面还有 1 人</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/issued_page.py" line="194"/>
        <source>{count} people ahead of you</source>
        <translation>您前面还有 {count} 人</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/issued_page.py" line="198"/>
        <source>Estimated wait: not available</source>
        <translation>预计等候时间：暂无法估算</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/issued_page.py" line="203"/>
        <source>Estimated wait: about 1 minute</source>
        <translation>预计等候约 1 分钟</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/issued_page.py" line="205"/>
        <source>Estimated wait: about {minutes} minutes</source>
        <translation>预计等候约 {minutes} 分钟</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <location filename="../../counterdesk/ui/kiosk/keypad.py" line="68"/>
        <source>Clear</source>
        <extracomment>The keys, row by row, three to a row.</extracomment>
        <translation>清除</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../counterdesk/ui/kiosk/window.py" line="417"/>
        <source>Ticket with priority: {level}. Choose the service.</source>
        <extracomment>The screen the kiosk&apos;s sizes are drawn for; smaller screens shrink them (see kiosk_scale). The smallest the sizes get, and the steps they shrink by (each step restyles the window). How long the staff sign-in page waits for a tap (how long an unlock lasts is the service&apos;s). Taps on the issued page are ignored this long, so that the second tap of a double tap on a type button does not dismiss the number the customer has not read yet. A ticket request with no answer from the controller re-opens the buttons after this long.</extracomment>
        <translation>优先号：{level}。请选择业务。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/window.py" line="522"/>
        <location filename="../../counterdesk/ui/kiosk/window.py" line="523"/>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="564"/>
        <source>Language and voice</source>
        <translation>语言与语音</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="565"/>
        <source>The lobby display announces each call in the ticked languages.</source>
        <translation>大厅显示屏用勾选的语言播报每次叫号。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="580"/>
        <source>Language of the windows:</source>
        <translation>界面语言：</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="581"/>
        <source>Announce calls in:</source>
        <translation>叫号播报语言：</translation>
    </message>
</context>
<context>
    <name>ManagerSignInPage</name>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="67"/>
        <source>Manager&apos;s board</source>
        <translation>网点看板</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="73"/>
        <source>A supervisor or an admin signs in to see today&apos;s board.</source>
        <translation>请主管或管理员登录查看今日看板。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="77"/>
        <source>Staff number</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="87"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
</context>
<context>
    <name>ManagerWindow</name>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="168"/>
        <source>Manager&apos;s board — %1</source>
        <translation>网点看板 — %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="205"/>
        <source>Reading the queue…</source>
        <translation>正在读取排队数据…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="217"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="218"/>
        <source>Sign out</source>
        <translation>签退</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="219"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="224"/>
        <source>Board</source>
        <translation>看板</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="226"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="228"/>
        <source>Staffing</source>
        <translation>排班</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="232"/>
        <source>Stars</source>
        <translation>星级</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="280"/>
        <source>Ctrl+L sign out · Ctrl+Q close</source>
        <translation>Ctrl+L 签退 · Ctrl+Q 关闭</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="316"/>
        <source>Enter sign in · Ctrl+Q close</source>
        <translation>Enter 登录 · Ctrl+Q 关闭</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="329"/>
        <source>Today at %1 — signed in: %2</source>
        <translation>今日 %1 — 已登录：%2</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="333"/>
        <source>Reading the board…</source>
        <translation>正在读取看板…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="273"/>
        <location filename="../../counterdesk/ui/manager/window.py" line="338"/>
        <source>F5 refresh · Ctrl+L sign out · Ctrl+Q close</source>
        <translation>F5 刷新 · Ctrl+L 签退 · Ctrl+Q 关闭</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="289"/>
        <source>Ctrl+1 board · Ctrl+2 reports · Ctrl+3 staffing · Ctrl+4 stars · </source>
        <translation>Ctrl+1 看板 · Ctrl+2 报表 · Ctrl+3 排班 · Ctrl+4 星级 · </translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="291"/>
        <source>Ctrl+1 board · Ctrl+3 staffing · Ctrl+4 stars · </source>
        <translation>Ctrl+1 看板 · Ctrl+3 排班 · Ctrl+4 星级 · </translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="346"/>
        <location filename="../../counterdesk/ui/manager/window.py" line="354"/>
        <source>Esc board · Ctrl+L sign out · Ctrl+Q close</source>
        <translation>Esc 看板 · Ctrl+L 签退 · Ctrl+Q 关闭</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="371"/>
        <source>Updated %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="381"/>
        <source>The board cannot be read: %1. Trying again…</source>
        <translation>无法读取看板：%1。正在重试…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="383"/>
        <source>The queue is not answering; trying again…</source>
        <translation>排队系统无响应，正在重试…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="386"/>
        <source>The board cannot be read: %1. The figures below are from %2; trying again…</source>
        <translation>无法读取看板：%1。以下数据截至 %2，正在重试…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/window.py" line="391"/>
        <source>The queue is not answering. The figures below are from %1; trying again…</source>
        <translation>排队系统无响应。以下数据截至 %1，正在重试…</translation>
    </message>
</context>
<context>
    <name>NoDisplay</name>
    <message>
        <location filename="../../counterdesk/app/gui.py" line="67"/>
        <source>no display found: the teller station (the teller&apos;s window and the customer screen) needs a screen.</source>
        <extracomment>Why a role cannot start without a display, by role (``demo``: the whole station).</extracomment>
        <translation>未找到显示器：柜员工作站（柜员窗口和客户屏）需要屏幕。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/gui.py" line="72"/>
        <source>no display found: the ticket kiosk needs a screen.</source>
        <translation>未找到显示器：取号机需要屏幕。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/gui.py" line="73"/>
        <source>no display found: the lobby display needs a screen.</source>
        <translation>未找到显示器：大厅显示屏需要屏幕。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/gui.py" line="76"/>
        <source>no display found: the manager&apos;s board needs a screen.</source>
        <translation>未找到显示器：网点看板需要屏幕。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/gui.py" line="79"/>
        <source>no display found: the demo shows the teller&apos;s window, the customer screen, the kiosk and the lobby display on a screen.</source>
        <translation>未找到显示器：演示需要在屏幕上显示柜员窗口、客户屏、取号机和大厅显示屏。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/gui.py" line="85"/>
        <source>To see the windows on this machine, render them to PNG files instead: {command}</source>
        <translation>如需在本机查看这些窗口，可改为将其渲染为 PNG 文件：{command}</translation>
    </message>
</context>
<context>
    <name>OutOfOrderPage</name>
    <message>
        <location filename="../../counterdesk/ui/widgets/out_of_order.py" line="70"/>
        <source>Sorry, this screen is not working.</source>
        <translation>抱歉，本屏幕暂时无法使用。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/widgets/out_of_order.py" line="71"/>
        <source>Please ask a member of staff.</source>
        <translation>请联系工作人员。</translation>
    </message>
</context>
<context>
    <name>OwnMonthDialog</name>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/own_month.py" line="22"/>
        <location filename="../../counterdesk/ui/teller/dialogs/own_month.py" line="23"/>
        <source>My month</source>
        <translation>我的本月</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/own_month.py" line="27"/>
        <source>Ratings this month</source>
        <translation>本月评价数</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/own_month.py" line="29"/>
        <source>Mean rating (0-100)</source>
        <translation>平均评价（0-100）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/own_month.py" line="31"/>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/own_month.py" line="34"/>
        <source>Your rating figures are shown from %1 ratings in the month.</source>
        <translation>本月评价达到 %1 条后才显示您的评价数据。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/own_month.py" line="41"/>
        <source>%1 (%2 of 5, %3)</source>
        <translation>%1（%2/5 星，%3）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/own_month.py" line="43"/>
        <location filename="../../counterdesk/ui/teller/dialogs/own_month.py" line="45"/>
        <source>My stars</source>
        <translation>我的星级</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/own_month.py" line="45"/>
        <source>no level published</source>
        <translation>尚未公布星级</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/own_month.py" line="48"/>
        <source>Head office&apos;s figures as of %1 (the last sync).</source>
        <translation>总行截至 %1 的数据（最近一次同步）。</translation>
    </message>
</context>
<context>
    <name>PauseDialog</name>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/pause.py" line="37"/>
        <source>Pause the counter</source>
        <extracomment>The pause reason key that asks for the teller&apos;s own words.</extracomment>
        <translation>暂停服务</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/pause.py" line="39"/>
        <source>Why is the counter pausing?</source>
        <translation>请选择暂停服务的原因：</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/pause.py" line="46"/>
        <source>Say why</source>
        <translation>请说明原因</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/pause.py" line="68"/>
        <source>Pause</source>
        <translation>暂停服务</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="499"/>
        <source>Ticket printer</source>
        <translation>取号打印机</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="502"/>
        <source>none: tickets are only shown; system: the computer&apos;s default printer; escpos-…: a receipt printer on the network, USB or a serial port.</source>
        <translation>none：只显示票号；system：本机默认打印机；escpos-…：网络、USB 或串口小票打印机。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="511"/>
        <source>Print test slip</source>
        <translation>打印测试票</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="518"/>
        <source>Printer:</source>
        <translation>打印机：</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="537"/>
        <source>Not a printer: %1</source>
        <translation>不是打印机：%1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="540"/>
        <source>No printer chosen: tickets will only be shown.</source>
        <translation>未选择打印机：票号只显示不打印。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="543"/>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="548"/>
        <source>The test slip was sent to the printer.</source>
        <translation>测试票已发送到打印机。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="551"/>
        <source>Printing failed: %1</source>
        <translation>打印失败：%1</translation>
    </message>
</context>
<context>
    <name>PriorityPage</name>
    <message>
        <location filename="../../counterdesk/ui/kiosk/priority_page.py" line="73"/>
        <source>Signed in: {name}</source>
        <extracomment>The priority choices offered after a staff sign-in, with their icons (white on colour).</extracomment>
        <translation>已登录：{name}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/priority_page.py" line="78"/>
        <location filename="../../counterdesk/ui/kiosk/priority_page.py" line="92"/>
        <source>VIP</source>
        <translation>贵宾</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/priority_page.py" line="80"/>
        <location filename="../../counterdesk/ui/kiosk/priority_page.py" line="94"/>
        <source>Green channel</source>
        <translation>绿色通道</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/priority_page.py" line="81"/>
        <location filename="../../counterdesk/ui/kiosk/priority_page.py" line="96"/>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/priority_page.py" line="91"/>
        <source>Choose the priority of the next ticket</source>
        <translation>请选择下一张号票的优先级</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/priority_page.py" line="94"/>
        <source>Elderly, disabled, pregnant</source>
        <translation>老年人、残障人士、孕妇</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/priority_page.py" line="97"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../counterdesk/ui/teller/queue_model.py" line="25"/>
        <source>Business</source>
        <translation>业务</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/queue_model.py" line="26"/>
        <source>Waiting</source>
        <translation>等候人数</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/queue_model.py" line="27"/>
        <source>Longest wait</source>
        <translation>最长等候</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/queue_model.py" line="28"/>
        <source>Target</source>
        <translation>目标时长</translation>
    </message>
</context>
<context>
    <name>QueuePage</name>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="250"/>
        <source>Ticket queue</source>
        <translation>排队系统</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="253"/>
        <source>Leave empty when the kiosk, counters and display share this computer. Several computers: the branch server, postgresql://ROLE@HOST/DATABASE, or a shared SQLite file, sqlite:///PATH.</source>
        <translation>取号机、窗口和显示屏共用本机时留空。多台计算机时：网点服务器 postgresql://角色@主机/数据库，或共享 SQLite 文件 sqlite:///路径。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="260"/>
        <source>empty: the journal file on this computer</source>
        <translation>留空：本机的日志文件</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="262"/>
        <source>SQLite file…</source>
        <translation>SQLite 文件…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="265"/>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="276"/>
        <source>Queue address:</source>
        <translation>排队系统地址：</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="292"/>
        <source>Queue file</source>
        <translation>排队文件</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="292"/>
        <source>SQLite files (*.db);;All files (*)</source>
        <translation>SQLite 文件 (*.db);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="308"/>
        <source>Not a queue address: %1</source>
        <translation>不是排队系统地址：%1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="311"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="319"/>
        <source>Connected to %1: queue schema version %2, as this program needs (%3 ms).</source>
        <translation>已连接 %1：排队结构版本 %2，与本程序所需一致（%3 毫秒）。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="323"/>
        <source>%1 holds no queue yet: it is created at the first start.</source>
        <translation>%1 中还没有排队数据：首次启动时创建。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="326"/>
        <source>Reached %1, but it holds no queue: run counterdesk queue init URL.</source>
        <translation>已连上 %1，但其中没有排队数据：请运行 counterdesk queue init URL。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="329"/>
        <source>%1 has queue schema version %2; this program needs version %3.</source>
        <translation>%1 的排队结构版本为 %2；本程序需要版本 %3。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="333"/>
        <source>Could not connect: %1</source>
        <translation>无法连接：%1</translation>
    </message>
</context>
<context>
    <name>ReportCharts</name>
    <message>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="92"/>
        <source>Customers by hour</source>
        <extracomment>Horizontal bar charts show at most this many rows (the table has them all).</extracomment>
        <translation>各时段客户数</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="98"/>
        <source>Arrived</source>
        <translation>到达</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="105"/>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="271"/>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="287"/>
        <source>Served</source>
        <translation>已办理</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="115"/>
        <source>Hour</source>
        <translation>时段</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="117"/>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="143"/>
        <source>Customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="124"/>
        <source>Waiting time from ticket to call</source>
        <translation>从取号到叫号的等候时间</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="131"/>
        <source>Customers called</source>
        <translation>已叫号客户</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="140"/>
        <source>Wait</source>
        <translation>等候时间</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="153"/>
        <source>Service level by day (called within target)</source>
        <translation>每日服务水平（目标内叫号）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="161"/>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="171"/>
        <source>Service level</source>
        <translation>服务水平</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="170"/>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="195"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="179"/>
        <source>Satisfaction by day</source>
        <translation>每日满意度</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="184"/>
        <source>Score (0-100)</source>
        <translation>得分（0-100）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="185"/>
        <source>Response rate (%)</source>
        <translation>评价率（%）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="233"/>
        <source>Rating reasons</source>
        <translation>评价原因</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="237"/>
        <source>Times chosen</source>
        <translation>选择次数</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="249"/>
        <source>Mandatory steps left open at the finish</source>
        <translation>结束时未完成的必做步骤</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="253"/>
        <source>Services</source>
        <translation>业务笔数</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="264"/>
        <source>Teller comparison</source>
        <translation>柜员对比</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="276"/>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="291"/>
        <source>Mean service (min)</source>
        <translation>平均办理时间（分钟）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_charts.py" line="284"/>
        <source>Teller</source>
        <translation>柜员</translation>
    </message>
</context>
<context>
    <name>ReportTables</name>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="142"/>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="346"/>
        <source>Hour</source>
        <translation>时段</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="143"/>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="195"/>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="386"/>
        <source>Arrived</source>
        <translation>到达</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="144"/>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="196"/>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="320"/>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="387"/>
        <source>Served</source>
        <translation>已办理</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="148"/>
        <source>Customers by hour</source>
        <translation>各时段客户数</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="167"/>
        <source>Wait</source>
        <translation>等候时间</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="168"/>
        <source>Customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="169"/>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="173"/>
        <source>Waiting times</source>
        <translation>等候时间分布</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="194"/>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="224"/>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="343"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="197"/>
        <source>Called within target</source>
        <translation>目标内叫号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="198"/>
        <source>Counted</source>
        <translation>计入</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="199"/>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="390"/>
        <source>Service level</source>
        <translation>服务水平</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="203"/>
        <source>Service level by day</source>
        <translation>每日服务水平</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="225"/>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="226"/>
        <source>Rated</source>
        <translation>已评价</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="227"/>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="324"/>
        <source>Response rate</source>
        <translation>评价率</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="228"/>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="323"/>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="393"/>
        <source>Score (0-100)</source>
        <translation>得分（0-100）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="229"/>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="233"/>
        <source>Satisfaction by day</source>
        <translation>每日满意度</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="248"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="249"/>
        <source>Times chosen</source>
        <translation>选择次数</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="250"/>
        <source>Of rated services</source>
        <translation>占已评价业务</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="254"/>
        <source>Rating reasons</source>
        <translation>评价原因</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="282"/>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="347"/>
        <source>Business</source>
        <translation>业务</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="283"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="284"/>
        <source>Left open</source>
        <translation>未完成</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="285"/>
        <source>Of finished services</source>
        <translation>占已完成业务</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="286"/>
        <source>Checked</source>
        <translation>已勾选</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="287"/>
        <source>Mean time</source>
        <translation>平均用时</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="288"/>
        <source>Median time</source>
        <translation>用时中位数</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="292"/>
        <source>Procedure steps</source>
        <translation>操作规程步骤</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="319"/>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="349"/>
        <source>Teller</source>
        <translation>柜员</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="321"/>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="392"/>
        <source>Mean service</source>
        <translation>平均办理时间</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="322"/>
        <source>Mean handle</source>
        <translation>平均处理时间</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="325"/>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="394"/>
        <source>SOP complete</source>
        <translation>规程完整率</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="326"/>
        <source>Overrides</source>
        <translation>主管授权放行</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="327"/>
        <source>Serving</source>
        <translation>办理中</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="328"/>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="329"/>
        <source>Paused</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="333"/>
        <source>Teller comparison</source>
        <translation>柜员对比</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="344"/>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="345"/>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="348"/>
        <source>Counter</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="350"/>
        <source>Branch</source>
        <translation>网点</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="388"/>
        <source>Mean wait</source>
        <translation>平均等候</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="389"/>
        <source>90% waited at most</source>
        <translation>90% 客户等候不超过</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="391"/>
        <source>Walk-aways</source>
        <translation>流失</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/report_tables.py" line="396"/>
        <source>By %1</source>
        <translation>按%1</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="131"/>
        <source>Customers</source>
        <extracomment>The sections (tabs) of a report: key → table builder; charts come from ``CHARTS``.</extracomment>
        <translation>客户数</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="131"/>
        <source>Served</source>
        <translation>已办理</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="132"/>
        <location filename="../../counterdesk/ui/manager/reports.py" line="144"/>
        <source>Service level</source>
        <translation>服务水平</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="132"/>
        <source>Mean wait</source>
        <translation>平均等候</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="133"/>
        <location filename="../../counterdesk/ui/manager/reports.py" line="144"/>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="133"/>
        <source>SOP complete</source>
        <translation>规程完整率</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="143"/>
        <source>Arrivals</source>
        <translation>到达</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="143"/>
        <source>Waiting</source>
        <translation>等候</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="145"/>
        <source>Reasons</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="145"/>
        <source>Procedures</source>
        <translation>操作规程</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="146"/>
        <source>Tellers</source>
        <translation>柜员</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="146"/>
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="155"/>
        <source>Ctrl+R run · Esc cancel · Ctrl+PgDown next tab · Ctrl+E export CSV</source>
        <translation>Ctrl+R 运行 · Esc 取消 · Ctrl+PgDown 下一页签 · Ctrl+E 导出 CSV</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="160"/>
        <source>Export table (CSV)…</source>
        <translation>导出表格（CSV）…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="161"/>
        <source>Export Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="162"/>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="192"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="192"/>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="193"/>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="193"/>
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="194"/>
        <source>Chosen days</source>
        <translation>自选日期</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="198"/>
        <source>&amp;Period</source>
        <translation>期间(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="208"/>
        <source>&amp;From – to</source>
        <translation>起止(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="215"/>
        <source>This PC (days still held here)</source>
        <translation>本机（仍保存在本机的日期）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="216"/>
        <source>Head office</source>
        <translation>总行</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="220"/>
        <source>&amp;Source</source>
        <translation>数据来源(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="223"/>
        <source>every branch you may see</source>
        <translation>您有权查看的所有网点</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="224"/>
        <source>&amp;Branch</source>
        <translation>网点(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="231"/>
        <source>&amp;Table by</source>
        <translation>表格维度(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="233"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="236"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="243"/>
        <source>Computing…</source>
        <translation>计算中…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="301"/>
        <source>The period ends before it starts: choose the days again.</source>
        <translation>期间的结束日期早于开始日期：请重新选择。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="323"/>
        <source>Computing the report… (Esc cancels)</source>
        <translation>正在计算报表…（Esc 取消）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="332"/>
        <source>Report cancelled.</source>
        <translation>报表已取消。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="366"/>
        <source>every branch</source>
        <translation>所有网点</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="367"/>
        <source>%1, %2: from head office&apos;s database.</source>
        <translation>%1，%2：来自总行数据库。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="373"/>
        <source>%1: from this PC. Only the days this PC still holds count: %2 of %3 days.</source>
        <translation>%1：来自本机。仅计入本机仍保存的日期：%3 天中的 %2 天。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="377"/>
        <source>No customer arrived or was served in this period.</source>
        <translation>此期间没有客户到达或办理业务。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="382"/>
        <source>Nothing to draw: no customer in this period.</source>
        <translation>无图可画：此期间没有客户。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="384"/>
        <source>Nothing to draw: no service was rated in this period.</source>
        <translation>无图可画：此期间没有业务被评价。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="385"/>
        <source>Nothing to draw: no rating reason was chosen in this period.</source>
        <translation>无图可画：此期间没有选择评价原因。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="386"/>
        <source>Nothing to draw: no mandatory step was left open. Well done.</source>
        <translation>无图可画：没有遗漏必做步骤，做得好。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="387"/>
        <source>Nothing to draw: no teller served in this period.</source>
        <translation>无图可画：此期间没有柜员办理业务。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="388"/>
        <source>Nothing to draw: no customer was called or left in this period.</source>
        <translation>无图可画：此期间没有客户被叫号或离开。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="389"/>
        <source>Nothing to draw in this period.</source>
        <translation>此期间无图可画。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="394"/>
        <source>%1 walked away</source>
        <translation>流失 %1 人</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="397"/>
        <source>%1 of %2 within target</source>
        <translation>%2 人中 %1 人在目标内</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="402"/>
        <source>90% within %1</source>
        <translation>90% 在 %1 内</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="406"/>
        <source>%1 rated</source>
        <translation>%1 条评价</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="409"/>
        <source>%1 overrides</source>
        <translation>授权放行 %1 次</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="412"/>
        <source>Choose a period and press Run (Ctrl+R).</source>
        <translation>选择期间后按“运行”（Ctrl+R）。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="425"/>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="425"/>
        <source>Excel (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="426"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="428"/>
        <source>Export the report</source>
        <translation>导出报表</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="445"/>
        <source>The file could not be written: %1</source>
        <translation>文件无法写入：%1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="448"/>
        <source>Written: %1</source>
        <translation>已写入：%1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="453"/>
        <source>Service quality report</source>
        <translation>服务质量报表</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="454"/>
        <source>head office</source>
        <translation>总行</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="454"/>
        <source>this PC</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="455"/>
        <source>%1 to %2 · branch %3 · source: %4</source>
        <translation>%1 至 %2 · 网点 %3 · 来源：%4</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/reports.py" line="458"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
</context>
<context>
    <name>RolePage</name>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="121"/>
        <source>What is this computer?</source>
        <extracomment>The languages a terminal speaks, each named in itself.</extracomment>
        <translation>这台计算机的用途？</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="122"/>
        <source>Each computer in the branch has one role.</source>
        <translation>网点中每台计算机承担一种角色。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="124"/>
        <source>A teller&apos;s counter (with the customer screen)</source>
        <translation>柜员窗口（带客户屏）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="125"/>
        <source>The ticket kiosk in the lobby</source>
        <translation>大厅取号机</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="126"/>
        <source>The lobby display that calls tickets</source>
        <translation>大厅叫号显示屏</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="127"/>
        <source>The branch manager&apos;s or supervisor&apos;s desk (board and reports)</source>
        <translation>网点负责人或主管的工作台（看板和报表）</translation>
    </message>
</context>
<context>
    <name>ScreensPage</name>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="419"/>
        <source>Screens</source>
        <translation>屏幕</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="422"/>
        <source>Each screen shows its number now. Choose the one the customer faces (a kiosk or lobby display fills it).</source>
        <translation>现在每块屏幕都显示其编号。请选择面向客户的屏幕（取号机或大厅显示屏会占满该屏）。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="429"/>
        <source>Automatic: the first screen that is not the main one</source>
        <translation>自动：第一块非主屏幕</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="437"/>
        <source>Screen %1: %2 (%3 × %4)</source>
        <translation>屏幕 %1：%2（%3 × %4）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="439"/>
        <source>Screen %1: %2 (%3 × %4), the main screen</source>
        <translation>屏幕 %1：%2（%3 × %4），主屏幕</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="694"/>
        <source>Set up this terminal</source>
        <translation>设置本终端</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <location filename="../../counterdesk/ui/teller/sign_in.py" line="50"/>
        <source>Counter {number}</source>
        <translation>{number} 号窗口</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/sign_in.py" line="54"/>
        <source>Sign in to open the counter</source>
        <translation>请签到以开启窗口</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/sign_in.py" line="65"/>
        <source>Staff number</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/sign_in.py" line="71"/>
        <location filename="../../counterdesk/ui/teller/sign_in.py" line="120"/>
        <source>Sign in</source>
        <translation>签到</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/sign_in.py" line="120"/>
        <source>Signing in…</source>
        <translation>正在签到…</translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <location filename="../../counterdesk/ui/kiosk/staff_page.py" line="70"/>
        <location filename="../../counterdesk/ui/kiosk/staff_page.py" line="158"/>
        <source>Staff number</source>
        <translation>员工号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/staff_page.py" line="154"/>
        <source>Staff sign-in</source>
        <translation>员工登录</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/staff_page.py" line="155"/>
        <source>Sign in to issue a priority ticket</source>
        <translation>登录后可发放优先号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/staff_page.py" line="160"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/staff_page.py" line="177"/>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/staff_page.py" line="177"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
</context>
<context>
    <name>StaffingPage</name>
    <message>
        <location filename="../../counterdesk/ui/manager/staffing.py" line="85"/>
        <source>Staffing: counters needed per weekday and hour</source>
        <extracomment>``(first, last) -&gt; (source, history)``, called on the worker. The period shown first: the eight weeks before today.</extracomment>
        <translation>排班：每个工作日各时段所需窗口数</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/staffing.py" line="86"/>
        <source>Back to the board</source>
        <translation>返回看板</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/staffing.py" line="90"/>
        <source>Business days from</source>
        <translation>营业日从</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/staffing.py" line="93"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/staffing.py" line="97"/>
        <source>Call within the target</source>
        <translation>目标内叫号比例</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/staffing.py" line="105"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/staffing.py" line="110"/>
        <source>Reading the history…</source>
        <translation>正在读取历史数据…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/staffing.py" line="128"/>
        <source>Choose the business days to learn from and press Show.</source>
        <translation>选择作为依据的营业日，然后按“显示”。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/staffing.py" line="154"/>
        <source>The period ends before it starts.</source>
        <translation>期间的结束日期早于开始日期。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/staffing.py" line="186"/>
        <source>Business days %1 to %2, read from %3.</source>
        <translation>营业日 %1 至 %2，读取自%3。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/staffing.py" line="204"/>
        <source>No customers arrived in the period: there is nothing to plan.</source>
        <translation>此期间没有客户到达：无需排班。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/staffing.py" line="207"/>
        <source>Each cell: the counters Erlang C needs so that %1 of customers are called within the strictest target wait of the business types arriving in that hour (customers wait as long as it takes); the darker, the busier. An hour with no arrivals needs 0.</source>
        <translation>每格：按 Erlang C 模型，使 %1 的客户在该时段到达业务中最严格的目标等候时间内被叫号所需的窗口数（假设客户一直等候）；颜色越深越繁忙。没有客户到达的时段需要 0 个。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/staffing.py" line="214"/>
        <source>n (m): Erlang A, with the walk-aways measured (customers wait %1 s on average before leaving), needs m.</source>
        <translation>n (m)：按 Erlang A 模型并计入实测流失（客户平均等候 %1 秒后离开），需要 m 个。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/staffing.py" line="237"/>
        <source>%1: counters needed %2, %3 called within the target, mean wait %4 s</source>
        <translation>%1：需要 %2 个窗口，%3 在目标内叫号，平均等候 %4 秒</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/staffing.py" line="248"/>
        <source>No customers arrived in this hour: 0 counters.</source>
        <translation>此时段没有客户到达：0 个窗口。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/staffing.py" line="251"/>
        <source>Arrivals: %1 per hour</source>
        <translation>到达：每小时 %1 人</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/staffing.py" line="252"/>
        <source>Mean service time: %1 s</source>
        <translation>平均办理时间：%1 秒</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/staffing.py" line="253"/>
        <source>Target wait: %1 s</source>
        <translation>目标等候：%1 秒</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/staffing.py" line="254"/>
        <source>Load: %1 counters busy all the time</source>
        <translation>负荷：相当于 %1 个窗口持续忙碌</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/staffing.py" line="255"/>
        <source>Erlang C (shown; nobody walks away)</source>
        <translation>Erlang C（显示值；假设无人离开）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/staffing.py" line="260"/>
        <source>Erlang A (with the walk-aways measured)</source>
        <translation>Erlang A（计入实测流失）</translation>
    </message>
</context>
<context>
    <name>StarRating</name>
    <message>
        <location filename="../../counterdesk/ui/customer/parts.py" line="87"/>
        <source>{stars} of 5 stars</source>
        <translation>{stars} 星（满分 5 星）</translation>
    </message>
</context>
<context>
    <name>StarsPage</name>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="106"/>
        <source>Stars: the tellers&apos; monthly star levels</source>
        <extracomment>``month (&quot;YYYY-MM&quot;) -&gt; MonthLevels``, called on the worker. Staff names by staff number, called on the worker.</extracomment>
        <translation>星级：柜员月度星级</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="107"/>
        <source>Back to the board</source>
        <translation>返回看板</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="111"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="118"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="124"/>
        <source>Head office is computing the levels…</source>
        <translation>总行正在计算星级…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="134"/>
        <source>Teller</source>
        <translation>柜员</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="134"/>
        <source>Level</source>
        <translation>星级</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="134"/>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="134"/>
        <source>Served</source>
        <translation>已办理</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="135"/>
        <source>Set by a manager, or why no level</source>
        <translation>主管调整，或无星级的原因</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="151"/>
        <source>Dimension / figure</source>
        <translation>维度 / 指标</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="151"/>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="151"/>
        <source>Points</source>
        <translation>得分</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="152"/>
        <source>Share of the score</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="152"/>
        <source>Adds</source>
        <translation>计入</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="166"/>
        <source>Read-only: the levels are computed by head office from the month&apos;s figures. A manager changes a level on the command line: counterdesk report stars --month YYYY-MM --adjust STAFF_NO --stars N --reason TEXT --by STAFF_NO.</source>
        <translation>只读：星级由总行根据当月数据计算。主管可在命令行调整星级：counterdesk report stars --month YYYY-MM --adjust STAFF_NO --stars N --reason TEXT --by STAFF_NO。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="173"/>
        <source>Choose a month and press Show.</source>
        <translation>选择月份后按“显示”。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="205"/>
        <source>Star levels come from head office; this desk has no head office connection configured.</source>
        <translation>星级来自总行；此工作台未配置总行连接。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="243"/>
        <source>Star levels of %1, computed by head office with %2 (policy %3 version %4).</source>
        <translation>%1 的星级，由总行按《%2》计算（规则 %3 第 %4 版）。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="255"/>
        <source>No level</source>
        <translation>无星级</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="272"/>
        <source>Head office has no teller of this branch with figures in %1.</source>
        <translation>总行没有本网点柜员在 %1 的数据。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="285"/>
        <source>Set by %1 instead of the computed %2: %3</source>
        <translation>由 %1 设定，替代计算结果 %2：%3</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="309"/>
        <source>Select a teller to see how their level was computed.</source>
        <translation>选择一位柜员，查看其星级的计算过程。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="313"/>
        <source>How the level of %1 was computed: each figure&apos;s points times its share.</source>
        <translation>%1 的星级计算过程：各指标得分乘以其权重。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/stars.py" line="331"/>
        <source>no data</source>
        <translation>无数据</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <location filename="../../counterdesk/ui/kiosk/start_page.py" line="120"/>
        <source>Not available now</source>
        <extracomment>The icon of each shipped business type; other codes get :data:`DEFAULT_TYPE_ICON`. The tiles by business type code, in the catalogue&apos;s order.</extracomment>
        <translation>暂不可办理</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/start_page.py" line="147"/>
        <source>Welcome</source>
        <translation>欢迎光临</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/start_page.py" line="148"/>
        <source>Please tap the service you need to take a ticket</source>
        <translation>请点击您要办理的业务取号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/start_page.py" line="151"/>
        <source>Elderly, disabled or pregnant? Our staff will give you a green channel ticket.</source>
        <translation>老年人、残障人士或孕妇，请向大堂工作人员领取绿色通道号。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/start_page.py" line="154"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>StepRow</name>
    <message>
        <location filename="../../counterdesk/ui/teller/step_row.py" line="73"/>
        <source>Uncheck</source>
        <translation>取消勾选</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/step_row.py" line="73"/>
        <source>Check</source>
        <translation>勾选</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/step_row.py" line="115"/>
        <source>Authorised by {staff_no}</source>
        <translation>授权人：{staff_no}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/step_row.py" line="141"/>
        <location filename="../../counterdesk/ui/teller/step_row.py" line="142"/>
        <source>Mandatory</source>
        <translation>必办</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/step_row.py" line="154"/>
        <location filename="../../counterdesk/ui/teller/step_row.py" line="155"/>
        <source>Needs a supervisor&apos;s authorisation</source>
        <translation>需主管授权</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/step_row.py" line="174"/>
        <source>Time this step took</source>
        <translation>本步骤用时</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/step_row.py" line="185"/>
        <source>{label}: choose…</source>
        <translation>{label}：请选择…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/step_row.py" line="199"/>
        <source>{label} ({currency})</source>
        <translation>{label}（{currency}）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/step_row.py" line="232"/>
        <source>{label}: {value}</source>
        <translation>{label}：{value}</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="599"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="600"/>
        <source>Finish writes these settings to %1.</source>
        <translation>点击“完成”将把这些设置写入 %1。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/setup/wizard.py" line="630"/>
        <source>Not written: %1</source>
        <translation>未写入：%1</translation>
    </message>
</context>
<context>
    <name>SwitchTypeDialog</name>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/switch_type.py" line="33"/>
        <location filename="../../counterdesk/ui/teller/dialogs/switch_type.py" line="35"/>
        <source>Switch business</source>
        <translation>切换业务</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/switch_type.py" line="39"/>
        <source>Now: {name}. The checklist restarts with the new business.</source>
        <translation>当前业务：{name}。切换后将按新业务重新开始办理步骤。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/switch_type.py" line="63"/>
        <source>Switch</source>
        <translation>切换</translation>
    </message>
</context>
<context>
    <name>TellerWindow</name>
    <message>
        <location filename="../../counterdesk/ui/teller/window.py" line="321"/>
        <source>counterdesk — counter %1</source>
        <extracomment>Total waiting customers at which the lobby manager is alerted. Height of the refusal and queue alert box in the header: the action buttons&apos; height. Most lines the queue alert takes in that box: read at a glance, room left for a refusal.</extracomment>
        <translation>counterdesk — %1 号窗口</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/window.py" line="322"/>
        <source>Counter %1</source>
        <translation>%1 号窗口</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/window.py" line="324"/>
        <source>Held customers (F10 resumes the selected one)</source>
        <translation>已挂起的客户（按 F10 恢复所选客户）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/window.py" line="325"/>
        <source>Queue now</source>
        <translation>当前排队</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/window.py" line="327"/>
        <source>My month (Ctrl+M)</source>
        <translation>我的本月 (Ctrl+M)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/window.py" line="418"/>
        <source>Queue alert: %1 customers waiting</source>
        <translation>排队提醒：%1 位客户等候</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/window.py" line="421"/>
        <source>Over target: %1</source>
        <translation>超过目标：%1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/window.py" line="424"/>
        <source>Over target: %1 +%2 more</source>
        <translation>超过目标：%1 及另外 %2 项</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/window.py" line="479"/>
        <source>Connecting to the queue…</source>
        <translation>正在连接排队系统…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/window.py" line="485"/>
        <source>Queue offline — reconnecting…</source>
        <translation>排队系统离线，正在重新连接…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/window.py" line="510"/>
        <source>Cannot finish: these mandatory steps are still open: %1</source>
        <translation>无法办结，以下必办步骤尚未完成：%1</translation>
    </message>
</context>
<context>
    <name>TicketCard</name>
    <message>
        <location filename="../../counterdesk/ui/teller/ticket_card.py" line="57"/>
        <source>Paused: %1</source>
        <translation>暂停服务：%1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/ticket_card.py" line="59"/>
        <source>Press F9 to resume</source>
        <translation>按 F9 恢复服务</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/ticket_card.py" line="63"/>
        <source>No customer at the counter</source>
        <translation>窗口暂无客户</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/ticket_card.py" line="64"/>
        <source>Press F1 to call the next customer</source>
        <translation>按 F1 叫下一位客户</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/ticket_card.py" line="84"/>
        <source>Waited %1</source>
        <translation>已等候 %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/ticket_card.py" line="85"/>
        <source>Called %1×</source>
        <translation>已叫号 %1 次</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/ticket_card.py" line="88"/>
        <source>Held</source>
        <translation>已挂起</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/ticket_card.py" line="92"/>
        <source>In service %1</source>
        <translation>服务中 %1</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/transfer.py" line="48"/>
        <location filename="../../counterdesk/ui/teller/dialogs/transfer.py" line="50"/>
        <source>Transfer the customer</source>
        <translation>转移客户</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/transfer.py" line="53"/>
        <source>The customer keeps the ticket number. Choose a business, a counter or both.</source>
        <translation>客户保留原号票。请选择业务、窗口，或两者都选。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/transfer.py" line="65"/>
        <source>Same business</source>
        <translation>原业务不变</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/transfer.py" line="95"/>
        <source>Any counter</source>
        <translation>任意窗口</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/transfer.py" line="99"/>
        <source>Counter {number}</source>
        <translation>{number} 号窗口</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/transfer.py" line="71"/>
        <source>&amp;Business</source>
        <translation>业务(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/transfer.py" line="72"/>
        <source>&amp;Counter</source>
        <translation>窗口(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/transfer.py" line="78"/>
        <source>Transfer</source>
        <translation>转移</translation>
    </message>
</context>
<context>
    <name>VerifyingDialog</name>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/base.py" line="151"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller/dialogs/base.py" line="154"/>
        <source>Checking…</source>
        <translation>正在核验…</translation>
    </message>
</context>
<context>
    <name>domain</name>
    <message>
        <location filename="../../counterdesk/core/errors.py" line="178"/>
        <source>ticket {label} is {state}; cannot {action}</source>
        <translation>号票 {label} 当前状态为“{state}”，无法“{action}”</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/errors.py" line="185"/>
        <source>ticket {label} is {state}; cannot {action}: {why}</source>
        <translation>号票 {label} 当前状态为“{state}”，无法“{action}”：{why}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/values.py" line="49"/>
        <source>amount must not be negative</source>
        <extracomment>Amounts as a teller types them: ``50000``, ``50,000``, ``50000.5``, ``50,000.00``. Currencies without minor units; every other currency has two decimals (fen, cents). GB 11643-1999 weights for the 17 body digits of a resident identity number.</extracomment>
        <translation>金额不能为负数</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/values.py" line="53"/>
        <source>{text!r} is not an amount; type e.g. 50,000.00</source>
        <translation>{text!r} 不是有效金额，请按 50,000.00 的格式输入</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/values.py" line="61"/>
        <source>amounts in {currency} have no decimals</source>
        <translation>{currency} 金额不能有小数</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/values.py" line="65"/>
        <source>amount may have at most {digits} decimals</source>
        <translation>金额最多保留 {digits} 位小数</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/values.py" line="93"/>
        <source>an ID number has 18 characters, not {length}</source>
        <translation>身份证号码应为 18 位，当前为 {length} 位</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/values.py" line="99"/>
        <source>an ID number is 17 digits followed by a digit or X</source>
        <translation>身份证号码应为 17 位数字加 1 位数字或 X</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/values.py" line="105"/>
        <source>the birth date in the ID number is not a real date</source>
        <translation>身份证号码中的出生日期无效</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/values.py" line="109"/>
        <source>the ID number&apos;s check digit is wrong; please re-type it</source>
        <translation>身份证号码校验位错误，请重新输入</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/model.py" line="142"/>
        <source>{field}: a value is required</source>
        <translation>{field}：必须填写</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/model.py" line="147"/>
        <source>amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/model.py" line="152"/>
        <source>{text!r} is not a whole number</source>
        <translation>{text!r} 不是整数</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/model.py" line="155"/>
        <source>the number</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/model.py" line="159"/>
        <source>the text length</source>
        <translation>文字长度</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/model.py" line="164"/>
        <source>{field}: at most {limit} characters</source>
        <translation>{field}：最多 {limit} 个字符</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/model.py" line="170"/>
        <source>{text!r} does not have the expected form</source>
        <translation>{text!r} 格式不正确</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/model.py" line="180"/>
        <source>{text!r} is not one of: {allowed}</source>
        <translation>{text!r} 不在可选范围内：{allowed}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/model.py" line="194"/>
        <source>{what} must be at least {limit}</source>
        <translation>{what}不得低于 {limit}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/model.py" line="200"/>
        <source>{what} must be at most {limit}</source>
        <translation>{what}不得超过 {limit}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/model.py" line="321"/>
        <source>procedure {code} v{version} has no step {step!r}</source>
        <translation>业务流程 {code} v{version} 中没有步骤 {step!r}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/checklist.py" line="132"/>
        <source>step {step!r} is recorded twice</source>
        <translation>步骤 {step!r} 被重复记录</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/checklist.py" line="227"/>
        <source>step {step!r} is already checked; uncheck it to change it</source>
        <translation>步骤 {step!r} 已勾选，如需修改请先取消勾选</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/checklist.py" line="261"/>
        <source>step {step!r}: {field} is required</source>
        <translation>步骤 {step!r}：必须填写{field}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/checklist.py" line="269"/>
        <source>step {step!r}: {detail}</source>
        <translation>步骤 {step!r}：{detail}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/checklist.py" line="275"/>
        <source>step {step!r} does not capture a value</source>
        <translation>步骤 {step!r} 无需录入数值</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/checklist.py" line="239"/>
        <location filename="../../counterdesk/core/procedures/checklist.py" line="287"/>
        <source>step {step!r} depends on the value of step {other_step!r}; check that step first</source>
        <translation>步骤 {step!r} 取决于步骤 {other_step!r} 的录入值，请先完成该步骤</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/checklist.py" line="249"/>
        <source>step {step!r} does not apply to this service: the value of step {other_step!r} rules it out</source>
        <translation>步骤 {step!r} 不适用于本笔业务：步骤 {other_step!r} 的取值排除了该步骤</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/checklist.py" line="298"/>
        <source>step {step!r} needs a supervisor&apos;s authorisation</source>
        <translation>步骤 {step!r} 需要主管授权</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/checklist.py" line="305"/>
        <source>step {step!r} must be authorised by a supervisor other than the teller</source>
        <translation>步骤 {step!r} 须由柜员本人以外的主管授权</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/checklist.py" line="383"/>
        <source>cannot finish: mandatory steps still open: {steps}</source>
        <translation>无法办结，以下必办步骤尚未完成：{steps}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/checklist.py" line="396"/>
        <source>mandatory steps still open: {steps}; to finish anyway, give a reason and a supervisor override</source>
        <translation>以下必办步骤尚未完成：{steps}；如仍要办结，请填写原因并由主管授权</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/checklist.py" line="402"/>
        <source>mandatory steps still open: {steps}; to finish anyway, give a reason and a supervisor other than the teller</source>
        <translation>以下必办步骤尚未完成：{steps}；如仍要办结，请填写原因，并由柜员本人以外的主管授权</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/checklist.py" line="408"/>
        <source>mandatory steps still open: {steps}; to finish anyway, give a reason</source>
        <translation>以下必办步骤尚未完成：{steps}；如仍要办结，请填写原因</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/checklist.py" line="412"/>
        <source>mandatory steps still open: {steps}; to finish anyway, give a supervisor override</source>
        <translation>以下必办步骤尚未完成：{steps}；如仍要办结，请由主管授权</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/checklist.py" line="417"/>
        <source>mandatory steps still open: {steps}; to finish anyway, give a supervisor other than the teller</source>
        <translation>以下必办步骤尚未完成：{steps}；如仍要办结，须由柜员本人以外的主管授权</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/procedures/checklist.py" line="428"/>
        <source>finished with mandatory steps open: {steps}</source>
        <translation>已办结，以下必办步骤未完成：{steps}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staff.py" line="65"/>
        <source>wrong staff number or PIN; after {failures} wrong PINs in a row the account is locked for {minutes} minutes</source>
        <translation>工号或密码错误；连续输错 {failures} 次密码，账户将被锁定 {minutes} 分钟</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staff.py" line="93"/>
        <source>account locked until {until:%H:%M}</source>
        <translation>账户已锁定，请于 {until:%H:%M} 后再试</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staff.py" line="103"/>
        <location filename="../../counterdesk/app/cli_report.py" line="163"/>
        <source>teller</source>
        <extracomment>Role names appear in refusals (&quot;staff 1002 is a teller and cannot authorise&quot;).</extracomment>
        <translation>柜员</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staff.py" line="104"/>
        <source>supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staff.py" line="105"/>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staff.py" line="155"/>
        <source>a staff number is {low} to {high} digits, not {staff_no}</source>
        <extracomment>A staff number is digits only, 4 to 10 of them (what the bank&apos;s HR system gives out).</extracomment>
        <translation>员工号须为 {low} 到 {high} 位数字，{staff_no} 不符合</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staff.py" line="185"/>
        <source>a PIN must not be one digit repeated, a run like 1234 or 4321, or the staff number; choose another</source>
        <translation>PIN 不能是同一数字重复、1234 或 4321 这样的连续数字，也不能是员工号；请另选</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staff.py" line="200"/>
        <source>a PIN is 4 to 8 digits</source>
        <translation>密码应为 4 至 8 位数字</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staff.py" line="249"/>
        <source>malformed PIN hash: scrypt parameters beyond the limits (n={n}, r={r}, p={p}); reset this PIN</source>
        <translation>PIN 哈希格式错误：scrypt 参数超出上限（n={n}，r={r}，p={p}）；请重置此 PIN</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="77"/>
        <source>waiting</source>
        <extracomment>The state and action names as refusals show them (``ticket A001 is waiting; cannot finish``), marked so that the window can translate them; a test checks that every member is here.</extracomment>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="78"/>
        <source>called</source>
        <translation>已叫号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="79"/>
        <source>serving</source>
        <translation>办理中</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="80"/>
        <source>held</source>
        <translation>已挂起</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="81"/>
        <location filename="../../counterdesk/core/tickets.py" line="91"/>
        <source>no_show</source>
        <translation>过号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="82"/>
        <source>finished</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="83"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="84"/>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="87"/>
        <source>issue</source>
        <translation>取号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="88"/>
        <source>call</source>
        <translation>叫号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="89"/>
        <source>recall</source>
        <translation>重呼</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="90"/>
        <source>start</source>
        <translation>开始办理</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="92"/>
        <source>reactivate</source>
        <translation>恢复排队</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="93"/>
        <source>recycle</source>
        <translation>退回排队</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="94"/>
        <source>hold</source>
        <translation>挂起</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="95"/>
        <source>resume</source>
        <translation>恢复办理</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="96"/>
        <source>transfer</source>
        <translation>转移</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="97"/>
        <source>finish</source>
        <translation>办理完成</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="98"/>
        <source>cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="99"/>
        <source>expire</source>
        <translation>过期作废</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="213"/>
        <source>ticket number must be positive, got {number}</source>
        <extracomment>Which states each action may start from. Anything else is refused with a TransitionError. Actions that only the counter holding the ticket may take.</extracomment>
        <translation>号票号码必须为正数，当前为 {number}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="244"/>
        <source>not a transition</source>
        <translation>不支持此操作</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="259"/>
        <source>it is at counter {at}, not counter {counter}</source>
        <translation>该号票在 {at} 号窗口，不在 {counter} 号窗口</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="275"/>
        <source>it was transferred to counter {counter}</source>
        <translation>该号票已转至 {counter} 号窗口</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="359"/>
        <source>transfer of ticket {label} needs a business type or a counter</source>
        <translation>转移号票 {label} 须指定业务或窗口</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/tickets.py" line="369"/>
        <source>it is already at that counter</source>
        <translation>该号票已在此窗口</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/ratings.py" line="104"/>
        <source>score {score!r} is not on a {levels}-level rating scale</source>
        <extracomment>Level keys per supported scale size, happiest first. Scores at or below this count as low, per scale size, unless the scale says otherwise.</extracomment>
        <translation>评分 {score!r} 不在 {levels} 级评价范围内</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/ratings.py" line="385"/>
        <source>service {service}: {reason!r} was not offered</source>
        <extracomment>A reason&apos;s code, as a rating keeps it: the shipped :class:`Reason` values or head office&apos;s. The reasons offered when head office has handed out none (the fallback). The teller called the next customer while the prompt was still open. The customer pressed &quot;skip&quot;.</extracomment>
        <translation>服务 {service}：未提供原因 {reason!r}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/ratings.py" line="391"/>
        <source>service {service}: reasons can only follow a low score</source>
        <translation>服务 {service}：仅在评分较低时才可选择原因</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/policy.py" line="47"/>
        <location filename="../../counterdesk/core/business.py" line="40"/>
        <source>unknown priority level {text!r}; expected one of: {names}</source>
        <extracomment>The priority levels a counter calls, highest first. A ticket of any other level would wait for ever, so the queue refuses to issue one (:func:`known_priority`).
----------
A service&apos;s usual length when the catalogue does not say (used for wait estimates early in the day, before there are finished services to learn from).</extracomment>
        <translation>未知的优先级 {text!r}，可选：{names}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/business.py" line="148"/>
        <source>business type {code}: its ticket letter {before} cannot change to {after} (tickets and reports carry it); publish a new code instead</source>
        <translation>业务类型 {code}：票号字母 {before} 不能改为 {after}（票号和报表中均含此字母）；请改为发布新代码</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/business.py" line="205"/>
        <source>unknown business type {key!r}; known: {known}</source>
        <translation>未知的业务类型 {key!r}，可选：{known}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/desk.py" line="90"/>
        <source>the calling policy is for counter {policy}, not {counter}</source>
        <translation>叫号规则属于 {policy} 号窗口，而非 {counter} 号窗口</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/desk.py" line="233"/>
        <source>the connection to the queue was lost before it saved the action; nothing was done, try again</source>
        <translation>与排队系统的连接在保存操作前中断；未做任何更改，请重试</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/desk.py" line="263"/>
        <source>nobody is signed in at this counter</source>
        <translation>此窗口没有人签到</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/counter/session.py" line="123"/>
        <source>nobody is signed in at counter {counter}</source>
        <translation>{counter} 号窗口尚无柜员签到</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/counter/session.py" line="145"/>
        <source>no customer at the counter; call the next one first</source>
        <translation>窗口暂无客户，请先叫号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/counter/session.py" line="158"/>
        <source>ticket {label} is called; start the service first</source>
        <translation>号票 {label} 已叫号，请先开始办理</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/counter/session.py" line="167"/>
        <source>finish or transfer ticket {label} before you {doing}</source>
        <translation>请先办结或转移号票 {label}，再{doing}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/counter/signin.py" line="33"/>
        <source>{name} is signed in at counter {counter}; sign out first</source>
        <translation>{name} 已在 {counter} 号窗口签到，请先签退</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/counter/signin.py" line="102"/>
        <source>sign out</source>
        <translation>签退</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/counter/session.py" line="176"/>
        <source>resume and finish held ticket(s) {labels} before you sign out</source>
        <translation>请先恢复并办结已挂起的号票 {labels}，再签退</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/counter/signin.py" line="142"/>
        <source>give a reason to pause the counter</source>
        <translation>请填写暂停服务的原因</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/counter/signin.py" line="132"/>
        <source>counter {counter} is already paused</source>
        <translation>{counter} 号窗口已暂停服务</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/counter/signin.py" line="135"/>
        <source>pause</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/counter/signin.py" line="159"/>
        <source>counter {counter} is not paused</source>
        <translation>{counter} 号窗口未暂停服务</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/counter/signin.py" line="106"/>
        <location filename="../../counterdesk/services/counter/session.py" line="132"/>
        <source>counter {counter} is paused; resume it first</source>
        <translation>{counter} 号窗口已暂停服务，请先恢复服务</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/counter/calling.py" line="28"/>
        <source>call the next customer</source>
        <translation>叫下一位客户</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/counter/calling.py" line="35"/>
        <source>ticket {label} is already being served</source>
        <translation>号票 {label} 已在办理中</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/counter/calling.py" line="45"/>
        <source>resume a held ticket</source>
        <translation>恢复挂起的号票</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/counter/calling.py" line="48"/>
        <location filename="../../counterdesk/services/counter/calling.py" line="138"/>
        <source>that ticket is not held at this counter</source>
        <translation>该号票未在本窗口挂起</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/counter/calling.py" line="157"/>
        <source>the service is already {code}</source>
        <translation>当前业务已是 {code}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/queue/sql.py" line="169"/>
        <source>open</source>
        <extracomment>:data:`COLUMNS` of a ticket table aliased ``t`` (``t.id, t.day, …``). The compare-and-set of :meth:`SqlQueue._cas`: the new ticket, then its id and old version. The columns of an event row, in :meth:`SqlQueue._event_values` order. The open business days (opened by a ticket, not closed yet), latest first. In one statement, what a call-next reads before the heads: the counter&apos;s mode and priority streak (NULL when the counter never set one) on every row, and the open business days (NULL when none), latest first, as :data:`_OPEN_DAYS`. A counter&apos;s new priority streak (its mode, reason and served types as they were; a counter without a row gets one, open): the counter, the streak, the time. A call&apos;s event detail by reason, encoded once rather than on every call. The ticket states by their stored text (a dict look-up is cheaper than the enum&apos;s call). The largest counter number a queue column holds (a bigger one names no counter). The heads are read from the waiting tickets only. The counter modes as refusals show them (``counter 3 is paused; open it first``), marked so that the window can translate them.</extracomment>
        <translation>开放</translation>
    </message>
    <message>
        <location filename="../../counterdesk/queue/sql.py" line="170"/>
        <source>paused</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <location filename="../../counterdesk/queue/sql.py" line="171"/>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../counterdesk/queue/sql.py" line="352"/>
        <source>the business day {day} is closed; new tickets are taken from when the next business day opens</source>
        <extracomment>The parameter marker of the engine&apos;s driver (SQL below is written with ``?``). Appended to a read inside :meth:`_write` that must hold the rows it found against other writers until the end of the transaction (SQLite&apos;s writer already excludes the others). The same for rows that others may read-lock too but not change meanwhile. Seconds without a heartbeat after which an open or paused counter is not responding. What holds the target counter&apos;s ``counter_state`` row (``s``) while a transfer checks it (SQLite&apos;s write transaction already excludes every other writer).</extracomment>
        <translation>营业日 {day} 已结束；下一个营业日开始后才能取号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/queue/sql.py" line="485"/>
        <source>ticket {label} was changed by another counter; try again</source>
        <translation>号票 {label} 已被其他窗口处理，请重试</translation>
    </message>
    <message>
        <location filename="../../counterdesk/queue/sql.py" line="534"/>
        <source>no ticket with id {id}</source>
        <translation>找不到 ID 为 {id} 的号票</translation>
    </message>
    <message>
        <location filename="../../counterdesk/queue/sql.py" line="592"/>
        <source>there is no counter {counter}; ticket {label} was not transferred</source>
        <translation>没有 {counter} 号窗口；票号 {label} 未转移</translation>
    </message>
    <message>
        <location filename="../../counterdesk/queue/sql.py" line="600"/>
        <source>counter {counter} is closed; ticket {label} was not transferred</source>
        <translation>{counter} 号窗口已关闭；票号 {label} 未转移</translation>
    </message>
    <message>
        <location filename="../../counterdesk/queue/sql.py" line="607"/>
        <source>counter {counter} is not responding; ticket {label} was not transferred</source>
        <translation>{counter} 号窗口无响应；票号 {label} 未转移</translation>
    </message>
    <message>
        <location filename="../../counterdesk/queue/sql.py" line="616"/>
        <source>counter {counter} does not serve {business}; ticket {label} was not transferred</source>
        <translation>{counter} 号窗口不办理{business}；票号 {label} 未转移</translation>
    </message>
    <message>
        <location filename="../../counterdesk/queue/sql.py" line="641"/>
        <source>{business} is no longer offered</source>
        <translation>{business} 已停办</translation>
    </message>
    <message>
        <location filename="../../counterdesk/queue/sql.py" line="693"/>
        <source>counter {counter} is {mode}; open it first</source>
        <translation>{counter} 号窗口当前为“{mode}”状态，请先开放窗口</translation>
    </message>
    <message>
        <location filename="../../counterdesk/queue/sql.py" line="700"/>
        <source>no customer is waiting for counter {counter}</source>
        <translation>{counter} 号窗口暂无排队客户</translation>
    </message>
    <message>
        <location filename="../../counterdesk/queue/sql.py" line="914"/>
        <source>cannot close {day}: that day has not begun</source>
        <translation>无法日终关闭 {day}：该营业日尚未开始</translation>
    </message>
    <message>
        <location filename="../../counterdesk/queue/sql.py" line="1025"/>
        <source>{label!r} is not a ticket number such as A007</source>
        <translation>{label!r} 不是有效的号票号码（如 A007）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/queue/sql.py" line="1035"/>
        <source>no ticket {label} on {day}</source>
        <translation>{day} 没有号票 {label}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/library.py" line="105"/>
        <source>no procedure for business type {code}</source>
        <translation>业务类型 {code} 没有操作规程</translation>
    </message>
    <message>
        <location filename="../../counterdesk/storage/staff.py" line="174"/>
        <location filename="../../counterdesk/storage/staff.py" line="221"/>
        <source>no staff member {staff_no}</source>
        <translation>没有员工 {staff_no}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/storage/staff.py" line="325"/>
        <source>a supervisor other than the signed-in teller must authorise</source>
        <translation>须由当前签到柜员以外的主管授权</translation>
    </message>
    <message>
        <location filename="../../counterdesk/storage/staff.py" line="332"/>
        <source>staff {staff_no} is a {role} and cannot authorise</source>
        <translation>员工 {staff_no} 是{role}，无权授权</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/printing.py" line="60"/>
        <source>the ticket printer is not responding ({detail})</source>
        <translation>号票打印机无响应（{detail}）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/kiosk.py" line="125"/>
        <source>staff {staff_no} may not issue priority tickets</source>
        <extracomment>How long the lobby manager&apos;s unlock waits for the priority ticket it allows.</extracomment>
        <translation>员工 {staff_no} 无权发放优先号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/kiosk.py" line="171"/>
        <source>the branch is closed</source>
        <translation>本网点已停止营业</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/kiosk.py" line="174"/>
        <source>no counter serves {business} at the moment</source>
        <translation>目前没有窗口办理{business}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/kiosk.py" line="183"/>
        <source>the lobby manager&apos;s unlock has expired; ask for it again</source>
        <translation>大堂经理的授权已过期，请重新授权</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/kiosk.py" line="189"/>
        <source>priority tickets are issued by the lobby manager</source>
        <translation>优先号须由大堂经理发放</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/kiosk/printer.py" line="127"/>
        <source>no system printer is configured</source>
        <extracomment>Width of a receipt roll and the margin kept on each side, in millimetres. Point size of each slip size. Side of the printed QR code, in millimetres.</extracomment>
        <translation>未配置系统打印机</translation>
    </message>
    <message>
        <location filename="../../counterdesk/queue/postgres.py" line="187"/>
        <location filename="../../counterdesk/queue/postgres.py" line="554"/>
        <source>the queue server {server} cannot be reached; the action was not done</source>
        <extracomment>Tell listening windows that the queue changed (PostgreSQL only: SQLite has no NOTIFY). The schema of the queue on PostgreSQL, by version (its own numbering, not SQLite&apos;s): the tables as :mod:`counterdesk.queue.schema` declares them, and the notify triggers. How often a counter that found every head locked by others looks again. Serialises two administrators running ``queue init`` at once. A compare-and-set (:data:`~counterdesk.queue.sql.CAS`) and its event row in one statement; the event is written only when the update changed the ticket, and its ``seq`` comes back. The same, after writing the calling counter&apos;s new priority streak (:data:`~counterdesk.queue.sql.PUT_STREAK`): a call in one statement. A call&apos;s compare-and-set and event (:data:`_CAS_AND_EVENT`), prepared like its reads. The same with the counter&apos;s new priority streak (:data:`_STREAK_CAS_AND_EVENT`). What a call decides on, in one statement prepared once per connection (:meth:`PostgresQueue._call_reads`): the counter&apos;s mode and priority streak, the business day, and that day&apos;s heads, each row ``mode, streak, day, &lt;ticket columns&gt;`` (one row with NULL ticket columns when no head is free). Parameters: the counter, today&apos;s and yesterday&apos;s dates, the types the counter serves. * The day is :meth:`SqlQueue._current_day`&apos;s: the latest open day that is still current (its own date or later, or kept open for the night and dated yesterday), else today. * The heads: the own lane&apos;s oldest ticket (tickets transferred to the counter), then for each (type, priority) bucket of the day (``queue_bucket``: those in which a ticket waited today) of a type served its oldest ticket nobody else is dispatching right now. Each lookup matches the ``ticket_turns`` index prefix: one index seek however long the queue. * Prepared, it is planned once for the connection instead of on every call (planning took longer than the execution). ``lane &gt; 0`` is implied by ``lane = $1`` but tells the planner, without knowing the counter, that few tickets are in a counter&apos;s own lane (the statistics know that almost all are in lane 0), so the one plan it keeps seeks the index there as well instead of reading the table. The server&apos;s error code for a prepared statement that does not exist.</extracomment>
        <translation>无法连接排队服务器 {server}，操作未执行</translation>
    </message>
    <message>
        <location filename="../../counterdesk/queue/postgres.py" line="205"/>
        <source>not listening to the queue</source>
        <translation>未在监听排队变化</translation>
    </message>
    <message>
        <location filename="../../counterdesk/queue/postgres.py" line="211"/>
        <source>lost the connection to the queue server</source>
        <translation>与排队服务器的连接已断开</translation>
    </message>
    <message>
        <location filename="../../counterdesk/queue/postgres.py" line="509"/>
        <source>the queue at {server} has schema {have}, this program needs {need}; run: counterdesk queue init URL</source>
        <extracomment>The statements prepared on each connection (by name), and the connections whose prepared statements were lost behind our back (cleared before the next prepare).</extracomment>
        <translation>{server} 上的排队数据版本为 {have}，本程序需要 {need}；请运行：counterdesk queue init URL</translation>
    </message>
    <message>
        <location filename="../../counterdesk/queue/postgres.py" line="570"/>
        <source>the connection to the queue server {server} was lost while it saved the action; the desk checks what happened when the queue is back</source>
        <translation>保存操作时与排队服务器 {server} 的连接中断；排队系统恢复后将核对操作是否已完成</translation>
    </message>
    <message>
        <location filename="../../counterdesk/queue/schema.py" line="29"/>
        <source>the queue has schema {have}, newer than this program&apos;s {known}; upgrade this terminal</source>
        <translation>排队系统的数据结构版本为 {have}，高于本程序支持的 {known}；请升级本终端</translation>
    </message>
    <message>
        <location filename="../../counterdesk/storage/errors.py" line="92"/>
        <source>disk full: the journal {path} has {free} of free space, {need} needed; free some space and try again</source>
        <translation>磁盘已满：日志 {path} 所在磁盘剩余 {free}，需要 {need}；请释放空间后重试</translation>
    </message>
    <message>
        <location filename="../../counterdesk/storage/errors.py" line="107"/>
        <source>the journal {path} cannot be written ({cause}); make it writable and try again</source>
        <translation>日志 {path} 无法写入（{cause}）；请使其可写后重试</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/hq.py" line="73"/>
        <source>owner role {role!r} is longer than 54 characters</source>
        <extracomment>Where ``hq add-branch`` (and later a terminal&apos;s sync) finds a branch role&apos;s password. The OS keyring&apos;s service name; the keyring&apos;s user name is the branch&apos;s role name. The role that owns the HQ schema unless ``hq init --owner-role`` names another. The prefix of every branch&apos;s login role: ``cd_branch_`` + the branch code in lower case. Serialises two administrators running ``hq init`` or ``hq add-branch`` at once.</extracomment>
        <translation>所有者角色 {role!r} 超过 54 个字符</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/hq.py" line="114"/>
        <source>{code!r} is not a branch code (expected {pattern})</source>
        <translation>{code!r} 不是有效的网点代码（应为 {pattern}）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/hq.py" line="166"/>
        <source>the branch password must be printable ASCII characters, not empty</source>
        <translation>网点密码必须由可打印的 ASCII 字符组成，且不能为空</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/hq.py" line="221"/>
        <source>the HQ database has schema {have}, newer than this program&apos;s {known}; upgrade counterdesk here before running hq commands</source>
        <translation>总行数据库的结构版本为 {have}，比本程序的 {known} 新；请先在此升级 counterdesk 再运行 hq 命令</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/hq.py" line="281"/>
        <source>the HQ schema is owned by {have}, not {wanted}; nothing changed</source>
        <translation>总行数据库结构的所有者是 {have}，而不是 {wanted}；未做任何更改</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/hq.py" line="368"/>
        <location filename="../../counterdesk/sync/publish.py" line="355"/>
        <location filename="../../counterdesk/sync/hq_stars.py" line="100"/>
        <source>the HQ database has schema {have}, not {known}; run counterdesk hq init first</source>
        <extracomment>Why a staff CSV&apos;s ``stars`` values are not published (one warning per file).</extracomment>
        <translation>总行数据库的结构版本为 {have}，而不是 {known}；请先运行 counterdesk hq init</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/hq.py" line="380"/>
        <source>branch {code} is already registered</source>
        <translation>网点 {code} 已经登记</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/hq.py" line="385"/>
        <source>the role {role} already exists on this server; nothing was changed</source>
        <translation>该服务器上已存在角色 {role}；未做任何更改</translation>
    </message>
    <message>
        <location filename="../../counterdesk/storage/sync_outbox.py" line="352"/>
        <source>head office confirmed event {seq} of the journal {path}, but it had already confirmed event {confirmed}; the sync stopped and nothing was changed</source>
        <extracomment>Every confirmed event up to this ``seq`` has had its payload emptied (only ever forward). A confirmed event&apos;s payload is emptied once it is older than this (today&apos;s stay whole: the teller&apos;s day figures read the payloads of the day&apos;s new events). Journal rows deleted per prune transaction (a service goes whole with its steps and rating, so one transaction may hold a few more). The tables whose rows sync, children after their parents.</extracomment>
        <translation>总行确认了日志 {path} 的事件 {seq}，但此前已确认到事件 {confirmed}；同步已停止，未做任何更改</translation>
    </message>
    <message>
        <location filename="../../counterdesk/storage/sync_outbox.py" line="364"/>
        <source>head office confirmed event {seq} of the journal {path}, which ends at event {last}; the sync stopped and nothing was changed</source>
        <translation>总行确认了日志 {path} 的事件 {seq}，但该日志只到事件 {last}；同步已停止，未做任何更改</translation>
    </message>
    <message>
        <location filename="../../counterdesk/storage/sync_outbox.py" line="408"/>
        <source>the journal {path} ends at event {last}, but head office already holds events up to {hq} from terminal {terminal}: the journal was restored from an older backup; nothing was sent — ask support before this terminal syncs again</source>
        <translation>日志 {path} 只到事件 {last}，但总行已保存终端 {terminal} 到事件 {hq} 为止的数据：该日志是从较旧的备份恢复的；未发送任何数据——请联系技术支持后再让此终端同步</translation>
    </message>
    <message>
        <location filename="../../counterdesk/storage/sync_outbox.py" line="420"/>
        <source>head office holds another history for terminal {terminal} (event {seq} differs from the journal {path}): the journal is a copy of another terminal&apos;s or a restored backup; nothing was sent — ask support before this terminal syncs again</source>
        <translation>总行保存的终端 {terminal} 的历史与本机不同（事件 {seq} 与日志 {path} 不一致）：该日志是其他终端的副本或恢复的备份；未发送任何数据——请联系技术支持后再让此终端同步</translation>
    </message>
    <message>
        <location filename="../../counterdesk/storage/sync_outbox.py" line="454"/>
        <source>head office holds terminal {terminal} only up to event {hq}, but it had confirmed event {confirmed} and the journal {path} has since deleted confirmed events; nothing was sent — head office must be restored</source>
        <translation>总行只保存了终端 {terminal} 到事件 {hq} 为止的数据，但此前已确认到事件 {confirmed}，而日志 {path} 已删除已确认的事件；未发送任何数据——需要恢复总行的数据</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/publish.py" line="121"/>
        <source>{file}: {problem}</source>
        <extracomment>The staff CSV&apos;s columns, in this order, named in its header row.</extracomment>
        <translation>{file}：{problem}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/publish.py" line="469"/>
        <location filename="../../counterdesk/sync/pull.py" line="473"/>
        <source>has no procedure; publish one with it</source>
        <extracomment>Published star levels: ``(staff_no, month, stars or None)``, each teller&apos;s newest month. Every staff number the branch&apos;s role sees in HQ&apos;s directory now (changed or not), so a member moved to another branch, whose row this branch no longer sees, is noticed.</extracomment>
        <translation>没有操作流程；请与之一同发布</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/publish.py" line="499"/>
        <location filename="../../counterdesk/sync/pull.py" line="111"/>
        <source>business type {code} is not in the catalogue</source>
        <translation>业务类型 {code} 不在业务目录中</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/publish.py" line="514"/>
        <source>this version is already published with another text; raise its version</source>
        <translation>此版本已以不同内容发布；请提高版本号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/pull.py" line="68"/>
        <source>{kind} {key}: {problem}</source>
        <extracomment>The largest staff photo taken from head office (bytes). Where pulled photos are stored, relative to the data dir (named by their SHA-256).</extracomment>
        <translation>{kind} {key}：{problem}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/pull.py" line="97"/>
        <source>its text says business type {code} version {version}</source>
        <translation>其内容写的是业务类型 {code} 版本 {version}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/pull.py" line="144"/>
        <source>unknown role {role!r} (teller, supervisor, admin)</source>
        <translation>未知角色 {role!r}（teller、supervisor、admin）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/pull.py" line="161"/>
        <source>stars are 0 to 5, not {stars}</source>
        <translation>星级应为 0 到 5，而不是 {stars}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/pull.py" line="171"/>
        <source>photo of {size} bytes is over {limit}</source>
        <translation>照片大小 {size} 字节，超过上限 {limit}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/pull.py" line="202"/>
        <source>a code is 1-32 small letters, digits or _</source>
        <extracomment>A rating reason&apos;s code: what a rating row keeps, so short and plain.</extracomment>
        <translation>代码须为 1–32 个小写字母、数字或 _</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/pull.py" line="543"/>
        <source>head office&apos;s database has schema {have}, this program needs {known}; reference data not pulled</source>
        <translation>总行数据库的结构版本为 {have}，本程序需要 {known}；未拉取参考数据</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/push.py" line="78"/>
        <source>no password for head office&apos;s role {role}: set {env} or store it in the OS keyring (service {service}, user {role}); nothing was sent, the terminal keeps working</source>
        <extracomment>Outbox events per HQ transaction.</extracomment>
        <translation>总行角色 {role} 没有密码：请设置 {env} 或存入系统密钥环（服务 {service}，用户 {role}）；未发送任何数据，终端照常工作</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/push.py" line="109"/>
        <source>the connection to head office ({address}) broke during the sync: {reason}; what head office confirmed stays, nothing is lost and the next sync resumes (check the network if it happens again)</source>
        <translation>同步过程中与总行（{address}）的连接中断：{reason}；总行已确认的数据保留，没有丢失，下次同步将继续（如再次发生请检查网络）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/push.py" line="119"/>
        <source>head office ({address}) refused the sync: {reason}; the refused batch was not written, nothing is lost — ask head office&apos;s IT to check this branch&apos;s role</source>
        <translation>总行（{address}）拒绝了同步：{reason}；被拒绝的批次未写入，没有丢失——请联系总行 IT 检查本网点的角色</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/push.py" line="244"/>
        <source>a sync of the journal {path} is already running; nothing was done</source>
        <extracomment>The journal entities a push sends, by name.</extracomment>
        <translation>日志 {path} 的同步已在运行；未做任何操作</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/push.py" line="280"/>
        <source>head office ({address}) refused the password of {role}: set the right one in {env} or the OS keyring (service {service}, user {role}); nothing was sent, the terminal keeps working</source>
        <translation>总行（{address}）拒绝了 {role} 的密码：请在 {env} 或系统密钥环（服务 {service}，用户 {role}）中设置正确的密码；未发送任何数据，终端照常工作</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/push.py" line="292"/>
        <source>head office ({address}) cannot be reached as {role}: {reason}; nothing was sent, the terminal keeps working and the next sync retries</source>
        <translation>无法以 {role} 身份连接总行（{address}）：{reason}；未发送任何数据，终端继续工作，下次同步时重试</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/push.py" line="313"/>
        <source>head office&apos;s database has schema {have}, this program needs {known} (older: run counterdesk hq init there; newer: upgrade this terminal); nothing was sent</source>
        <translation>总行数据库的结构版本为 {have}，本程序需要 {known}（较旧：请在总行运行 counterdesk hq init；较新：请升级此终端）；未发送任何数据</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/push.py" line="393"/>
        <source>head office&apos;s watermark of terminal {terminal} moved during this sync (another journal claims the same terminal id); this batch was not sent</source>
        <extracomment>Columns HQ keeps as ``jsonb`` (the journal as JSON text, or JSON inside the payload).</extracomment>
        <translation>本次同步期间总行中终端 {terminal} 的水位发生了变化（另一份日志使用了相同的终端编号）；本批数据未发送</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/push.py" line="405"/>
        <source>the journal holds rows of {entity}, which head office does not keep; upgrade this program</source>
        <translation>日志中有 {entity} 的数据，而总行不保存此类数据；请升级本程序</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/head_office.py" line="216"/>
        <source>the sync stopped because the program closed; what was sent stays, the next sync resumes</source>
        <translation>程序已关闭，同步中止；已发送的数据保留，下次同步将继续</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/head_office.py" line="250"/>
        <source>this terminal has no staff directory</source>
        <translation>本终端没有员工名册</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/head_office.py" line="255"/>
        <source>staff {staff_no} is a {role} and cannot see head office sync</source>
        <translation>员工 {staff_no} 的角色是{role}，无权查看总行同步</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/diagnostics.py" line="60"/>
        <source>Configuration</source>
        <extracomment>What a finding&apos;s summary or fix may be: a translatable text or a translated refusal. Titles of the checks, in the order they are shown.</extracomment>
        <translation>配置</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/diagnostics.py" line="61"/>
        <source>Journal</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/diagnostics.py" line="62"/>
        <source>Queue</source>
        <translation>排队系统</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/diagnostics.py" line="63"/>
        <source>Clock</source>
        <translation>时钟</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/diagnostics.py" line="64"/>
        <source>Head office</source>
        <translation>总行</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/diagnostics.py" line="65"/>
        <source>Last sync</source>
        <translation>上次同步</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/diagnostics.py" line="66"/>
        <source>Screens</source>
        <translation>屏幕</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/diagnostics.py" line="67"/>
        <source>Ticket printer</source>
        <translation>取号打印机</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/diagnostics.py" line="68"/>
        <source>Speech</source>
        <translation>语音</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/diagnostics.py" line="69"/>
        <source>Sound device</source>
        <translation>音频设备</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/diagnostics.py" line="70"/>
        <source>Chinese font</source>
        <translation>中文字体</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/diagnostics.py" line="71"/>
        <source>Versions</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="74"/>
        <source>no display in this session: the screens are unknown</source>
        <extracomment>The key that opens the dialog in the teller&apos;s window (F1-F10 serve the customer).</extracomment>
        <translation>本会话没有显示器：无法得知屏幕情况</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="76"/>
        <source>run counterdesk doctor in the desktop session of the counter&apos;s user</source>
        <translation>请在窗口用户的桌面会话中运行 counterdesk doctor</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="111"/>
        <source>{count} screen(s): {screens}</source>
        <translation>{count} 块屏幕：{screens}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="124"/>
        <source>{count} screen(s): {screens}; the customer&apos;s: {name}</source>
        <translation>{count} 块屏幕：{screens}；客户屏：{name}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="136"/>
        <source>the customer screen {setting} is not connected (screens: {names})</source>
        <translation>客户屏 {setting} 未连接（现有屏幕：{names}）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="143"/>
        <source>connect the customer screen, or set [screens] customer to one of the names listed (or auto)</source>
        <translation>请连接客户屏，或把 [screens] customer 设为列出的名称之一（或 auto）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="155"/>
        <source>only one screen ({screens}): the customer window opens beside the teller&apos;s</source>
        <translation>只有一块屏幕（{screens}）：客户窗口将在柜员窗口旁打开</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="161"/>
        <source>connect the customer screen</source>
        <translation>请连接客户屏</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="180"/>
        <source>{family} draws Chinese</source>
        <translation>{family} 可显示中文</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="188"/>
        <source>loaded from {file} at start</source>
        <translation>启动时从 {file} 加载</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="194"/>
        <source>no font can draw Chinese: it shows as boxes</source>
        <translation>没有可显示中文的字体：中文会显示为方框</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="196"/>
        <source>install fonts-wqy-microhei (or fonts-noto-cjk); on Windows, the Chinese supplemental fonts</source>
        <translation>请安装 fonts-wqy-microhei（或 fonts-noto-cjk）；Windows 上请安装中文补充字体</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="209"/>
        <source>only the lobby display speaks and sounds</source>
        <translation>只有大厅显示屏播报和发声</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="222"/>
        <source>calls are not spoken ([display] voice is empty)</source>
        <translation>叫号不播报（[display] voice 为空）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="225"/>
        <source>install speech-dispatcher with a voice for each language (espeak-ng; Chinese: a Mandarin voice), or set [display] voice to the languages there are voices for</source>
        <translation>请安装 speech-dispatcher 及每种语言的语音（espeak-ng；中文：普通话语音），或把 [display] voice 设为已有语音的语言</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="239"/>
        <source>speech cannot be loaded ({error}): chime only</source>
        <translation>无法加载语音（{error}）：只有提示音</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="242"/>
        <source>install libpulse0 and speech-dispatcher</source>
        <translation>请安装 libpulse0 和 speech-dispatcher</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="251"/>
        <source>speech engine {engine} is not installed (have: {engines}): chime only</source>
        <translation>未安装语音引擎 {engine}（现有：{engines}）：只有提示音</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="268"/>
        <source>speech engine {engine} failed to start: {error}</source>
        <translation>语音引擎 {engine} 启动失败：{error}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="293"/>
        <source>engine {engine} has no voice for {languages}: those calls are not spoken</source>
        <translation>引擎 {engine} 没有 {languages} 的语音：这些叫号不播报</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="307"/>
        <source>engine {engine}; voices: {voices}</source>
        <translation>引擎 {engine}；语音：{voices}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="324"/>
        <source>sound cannot be loaded ({error})</source>
        <translation>无法加载声音（{error}）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="325"/>
        <source>install libpulse0</source>
        <translation>请安装 libpulse0</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="332"/>
        <source>no sound output: the chime and calls are silent</source>
        <translation>没有声音输出：提示音和叫号都无声</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="334"/>
        <source>connect the speakers and check that the user&apos;s sound service (PulseAudio or PipeWire) runs</source>
        <translation>请连接音箱，并检查用户的声音服务（PulseAudio 或 PipeWire）是否运行</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/diagnostics.py" line="346"/>
        <source>{count} output(s); default: {name}</source>
        <translation>{count} 个输出；默认：{name}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="116"/>
        <source>not checked: the configuration cannot be used</source>
        <extracomment>The queue server&apos;s clock may differ from this PC&apos;s by this much before it is a warning… … and by this much before it is a failure (waiting times and targets are then wrong). A sync that last succeeded longer ago than this is a failure, not a warning. Seconds to wait for a printer&apos;s network port.</extracomment>
        <translation>未检查：配置无法使用</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="231"/>
        <source>the configuration cannot be used: {problem}</source>
        <translation>配置无法使用：{problem}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="235"/>
        <source>correct the key named in the message, then run counterdesk doctor again</source>
        <translation>请修正消息中指出的配置项，然后再次运行 counterdesk doctor</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="264"/>
        <source>key &apos;counter.serves&apos; in {file}: {problem}</source>
        <translation>{file} 中的配置项 &apos;counter.serves&apos;：{problem}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="269"/>
        <source>name business types this branch has in [counter] serves</source>
        <translation>请在 [counter] serves 中填写本网点已有的业务类型</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="277"/>
        <source>no config file found; defaults apply: role {role}, counter {counter}, data in {data_dir}</source>
        <translation>未找到配置文件；使用默认值：角色 {role}，窗口 {counter}，数据位于 {data_dir}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="287"/>
        <source>write a config file (see the README) and name it with --config or COUNTERDESK_CONFIG</source>
        <translation>请编写配置文件（见 README），并用 --config 或 COUNTERDESK_CONFIG 指定</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="295"/>
        <source>{file} is valid (found by {origin}): role {role}, branch {branch}, counter {counter}, data in {data_dir}</source>
        <translation>{file} 有效（通过 {origin} 找到）：角色 {role}，网点 {branch}，窗口 {counter}，数据位于 {data_dir}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="391"/>
        <source>give the user running counterdesk write access to {folder}</source>
        <translation>请给运行 counterdesk 的用户 {folder} 的写权限</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="402"/>
        <source>no journal yet at {path}; the program makes it at its first start</source>
        <translation>{path} 尚无日志；程序首次启动时创建</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="408"/>
        <source>start the program once</source>
        <translation>请先启动一次程序</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="416"/>
        <source>{path} is not a journal file (a folder or device)</source>
        <translation>{path} 不是日志文件（是文件夹或设备）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="421"/>
        <source>move it away, or name another [journal] path</source>
        <translation>请将其移走，或指定另一个 [journal] path</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="434"/>
        <source>the journal {path} is damaged: {problem}</source>
        <translation>日志 {path} 已损坏：{problem}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="439"/>
        <source>stop the program and call IT support: restore the latest backup from {backups}; counterdesk db check lists every problem</source>
        <translation>请停止程序并联系 IT 支持：从 {backups} 恢复最近的备份；counterdesk db check 会列出所有问题</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="455"/>
        <source>the journal {path} has schema {have}, newer than this program&apos;s {known}</source>
        <translation>日志 {path} 的结构版本为 {have}，比本程序的 {known} 新</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="463"/>
        <source>install the newer counterdesk that wrote it</source>
        <translation>请安装写入它的较新版本 counterdesk</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="472"/>
        <source>give the user running counterdesk write access to {place}</source>
        <translation>请给运行 counterdesk 的用户 {place} 的写权限</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="496"/>
        <location filename="../../counterdesk/app/doctor.py" line="517"/>
        <source>free space on the disk of {folder} (old backups, logs)</source>
        <translation>请清理 {folder} 所在磁盘的空间（旧备份、日志）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="510"/>
        <source>{path}: intact, but only {free} of free space left</source>
        <translation>{path}：完好，但只剩 {free} 可用空间</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="533"/>
        <source>make the journal and its backups owner-only: chmod 600 {files}</source>
        <translation>请将日志及其备份设为仅所有者可读写：chmod 600 {files}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="546"/>
        <source>{path}: intact, schema {have}; upgraded to {known} (with a backup) at the next start</source>
        <translation>{path}：完好，结构版本 {have}；下次启动时升级到 {known}（先备份）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="555"/>
        <source>nothing to do, or run counterdesk db migrate</source>
        <translation>无需操作，或运行 counterdesk db migrate</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="562"/>
        <source>{path}: intact, writable, schema {have}, {free} free</source>
        <translation>{path}：完好，可写，结构版本 {have}，可用 {free}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="575"/>
        <location filename="../../counterdesk/app/doctor.py" line="940"/>
        <source>no head office configured ([hq] url is empty)</source>
        <translation>未配置总行（[hq] url 为空）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="589"/>
        <source>the journal does not say ({error})</source>
        <translation>日志中没有记录（{error}）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="595"/>
        <source>run counterdesk sync now and read its message</source>
        <translation>请现在运行 counterdesk sync 并阅读其消息</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="600"/>
        <source>this journal never synced with head office</source>
        <translation>本日志从未与总行同步</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="614"/>
        <source>{at:%Y-%m-%d %H:%M}: {message}</source>
        <translation>{at:%Y-%m-%d %H:%M}：{message}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="626"/>
        <source>{at:%Y-%m-%d %H:%M} failed: {message} (last success: {good})</source>
        <translation>{at:%Y-%m-%d %H:%M} 失败：{message}（上次成功：{good}）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="685"/>
        <source>no queue yet in {path}; the program makes it at its first start</source>
        <translation>{path} 中尚无排队数据；程序首次启动时创建</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="692"/>
        <source>{path} is not a queue file (a folder or device)</source>
        <translation>{path} 不是排队文件（是文件夹或设备）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="698"/>
        <source>move it away, or name another file in [queue] url</source>
        <translation>请将其移走，或在 [queue] url 中指定另一个文件</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="723"/>
        <source>the queue file {path} cannot be read: {error}</source>
        <translation>无法读取排队文件 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="728"/>
        <source>call IT support; counterdesk db check shows what is wrong</source>
        <translation>请联系 IT 支持；counterdesk db check 会显示问题所在</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="756"/>
        <source>the queue at {where} has schema {have}, newer than this program&apos;s {need}</source>
        <translation>{where} 的排队结构版本为 {have}，比本程序的 {need} 新</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="765"/>
        <source>install the counterdesk version the other terminals run</source>
        <translation>请安装与其他终端相同的 counterdesk 版本</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="777"/>
        <source>{where}: schema {have}; brought to {need} at the next start</source>
        <translation>{where}：结构版本 {have}；下次启动时升级到 {need}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="791"/>
        <source>the queue at {where} has schema {have}, this program needs {need}</source>
        <translation>{where} 的排队结构版本为 {have}，本程序需要 {need}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="800"/>
        <source>the branch&apos;s administrator runs: counterdesk queue init URL</source>
        <translation>请网点管理员运行：counterdesk queue init URL</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="810"/>
        <source>{where}: reachable, schema {have}, round trip {ms} ms</source>
        <translation>{where}：可连接，结构版本 {have}，往返 {ms} 毫秒</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="850"/>
        <source>cannot reach the queue at {server}: {error}</source>
        <translation>无法连接 {server} 的排队系统：{error}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="855"/>
        <source>check that the queue server is on and reachable from this PC (network cable, firewall, port {port}) and the role and database in [queue] url</source>
        <translation>请检查排队服务器是否开机、本机能否连接（网线、防火墙、端口 {port}），以及 [queue] url 中的角色和数据库</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="878"/>
        <source>the queue is a file on this PC: it keeps this PC&apos;s time</source>
        <translation>排队数据是本机文件：使用本机时间</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="888"/>
        <source>not compared: the queue server did not answer</source>
        <translation>未比较：排队服务器没有应答</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="894"/>
        <source>behind</source>
        <translation>慢于</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="896"/>
        <source>ahead of</source>
        <translation>快于</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="903"/>
        <source>this PC&apos;s clock is {seconds} s {way} the queue server&apos;s</source>
        <translation>本机时钟{way}排队服务器 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="914"/>
        <source>this PC&apos;s clock is {seconds} s {way} the queue server&apos;s: waiting times and targets are wrong by as much</source>
        <translation>本机时钟{way}排队服务器 {seconds} 秒：等候时长和目标会有同样的误差</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="922"/>
        <source>let this PC and the queue server take their time from the same NTP server (timedatectl set-ntp true; on Windows, w32tm /resync)</source>
        <translation>请让本机和排队服务器使用同一个 NTP 服务器校时（timedatectl set-ntp true；Windows 上 w32tm /resync）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="967"/>
        <source>cannot reach head office at {server}: {error}</source>
        <translation>无法连接 {server} 的总行：{error}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="972"/>
        <source>check the branch&apos;s link to head office, [hq] url, and the branch role&apos;s password (COUNTERDESK_HQ_PASSWORD or the OS keyring)</source>
        <translation>请检查网点到总行的线路、[hq] url 以及网点角色的密码（COUNTERDESK_HQ_PASSWORD 或系统密钥环）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="986"/>
        <source>head office at {server} has schema {have}, this program knows {need}</source>
        <translation>{server} 的总行结构版本为 {have}，本程序支持 {need}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="994"/>
        <source>head office&apos;s administrator runs counterdesk hq init, or this PC gets the counterdesk version head office runs</source>
        <translation>请总行管理员运行 counterdesk hq init，或为本机安装与总行一致的 counterdesk 版本</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="1006"/>
        <source>{server}: reachable in {ms} ms, schema {have}</source>
        <translation>{server}：{ms} 毫秒可达，结构版本 {have}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="1037"/>
        <source>no ticket printer configured</source>
        <extracomment>Where Linux lists the USB devices plugged in.</extracomment>
        <translation>未配置取号打印机</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="1054"/>
        <source>no answer from {host}:{port} ({error})</source>
        <translation>{host}:{port} 无应答（{error}）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="1060"/>
        <source>switch the printer on, check its network cable and that its address is {host} (print its self-test page)</source>
        <translation>请打开打印机，检查网线以及其地址是否为 {host}（打印自检页）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="1074"/>
        <source>{host}:{port} answers ({ms} ms)</source>
        <translation>{host}:{port} 有应答（{ms} 毫秒）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="1088"/>
        <source>{path} is there and writable</source>
        <translation>{path} 存在且可写</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="1094"/>
        <source>{path} is missing or cannot be written</source>
        <translation>{path} 不存在或不可写</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="1096"/>
        <source>plug the printer in and give the user running counterdesk access to it (on Linux: the dialout or lp group)</source>
        <translation>请接好打印机，并给运行 counterdesk 的用户访问权限（Linux 上：dialout 或 lp 组）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="1116"/>
        <source>cannot list USB devices here to look for {ids}</source>
        <translation>此处无法列出 USB 设备以查找 {ids}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="1119"/>
        <source>print a test ticket from the kiosk</source>
        <translation>请在取号机上打印一张测试票</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="1126"/>
        <source>no USB device {ids} is plugged in</source>
        <translation>未插入 USB 设备 {ids}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="1128"/>
        <source>plug the printer in and switch it on; check the ids in [kiosk] printer against lsusb</source>
        <translation>请插好并打开打印机；用 lsusb 核对 [kiosk] printer 中的 ID</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="1139"/>
        <source>USB device {ids} is plugged in</source>
        <translation>已插入 USB 设备 {ids}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="1178"/>
        <source>Qt&apos;s printing support cannot be loaded ({error})</source>
        <translation>无法加载 Qt 打印支持（{error}）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="1181"/>
        <source>install the CUPS client (cups-client)</source>
        <translation>请安装 CUPS 客户端（cups-client）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="1189"/>
        <source>this PC has no default printer</source>
        <translation>本机没有默认打印机</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="1191"/>
        <source>set the ticket printer as the default printer in the system&apos;s settings</source>
        <translation>请在系统设置中把取号打印机设为默认打印机</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="1203"/>
        <source>the default printer is {name}</source>
        <translation>默认打印机为 {name}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/doctor.py" line="1246"/>
        <source>counterdesk {program}, Qt {qt}, PySide6 {pyside}, SQLite {sqlite}, Python {python}; schemas: journal {journal}, queue {queue}, head office {hq}</source>
        <translation>counterdesk {program}，Qt {qt}，PySide6 {pyside}，SQLite {sqlite}，Python {python}；结构版本：日志 {journal}，排队 {queue}，总行 {hq}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/storage/private.py" line="107"/>
        <source>{file} can be read by other users (mode {mode}) and holds customers&apos; personal data; make it owner-only: chmod 600 {file}</source>
        <translation>{file} 可被其他用户读取（权限 {mode}），其中有客户个人信息；请设为仅所有者可读写：chmod 600 {file}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/stars.py" line="558"/>
        <source>A level is 1 to 5 stars, not {stars}</source>
        <translation>星级应为 1 至 5 星，而不是 {stars}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/stars.py" line="562"/>
        <source>Say why the level is changed: the reason is audited</source>
        <translation>请说明调整星级的原因：该原因将记入审计</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/stars.py" line="566"/>
        <source>Staff member {staff} cannot change their own level</source>
        <translation>员工 {staff} 不能调整自己的星级</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staffing.py" line="80"/>
        <source>arrivals per hour must be 0 or more, not {value!r}</source>
        <extracomment>The shortest service time and mean patience accepted, in seconds (shorter ones are typing errors, and would make the Erlang A series below needlessly long). The longest mean patience accepted (11.6 days): customers that patient never walk away, and Erlang C (no patience) says the same at a fraction of the cost. The search for the counters needed stops here (no branch has more; bad input otherwise).</extracomment>
        <translation>每小时到达人数应不小于 0，而不是 {value!r}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staffing.py" line="85"/>
        <source>the service time must be at least 1 second, not {value!r}</source>
        <translation>服务时长应至少为 1 秒，而不是 {value!r}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staffing.py" line="93"/>
        <source>the mean patience must be between 1 and 1000000 seconds, not {value!r}</source>
        <translation>平均耐心时长应在 1 至 1000000 秒之间，而不是 {value!r}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staffing.py" line="101"/>
        <source>arrivals times service time is too large to compute ({load})</source>
        <translation>到达率乘以服务时长过大，无法计算（{load}）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staffing.py" line="158"/>
        <source>the service level must be above 0 and at most 1 (or a percentage up to 100), not {value!r}</source>
        <translation>服务水平应大于 0 且不超过 1（或不超过 100 的百分数），而不是 {value!r}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staffing.py" line="189"/>
        <source>the walk-away share must be between 0 and 1, not {value!r}</source>
        <translation>离队比例应在 0 至 1 之间，而不是 {value!r}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staffing.py" line="196"/>
        <source>the mean wait must be 0 seconds or more, not {value!r}</source>
        <translation>平均等候时长应不小于 0 秒，而不是 {value!r}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staffing.py" line="416"/>
        <location filename="../../counterdesk/core/staffing.py" line="470"/>
        <source>Erlang A needs the customers&apos; patience</source>
        <translation>Erlang A 模型需要客户的耐心时长</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staffing_plan.py" line="56"/>
        <source>Monday</source>
        <extracomment>The weekdays&apos; names, Monday first (``weekday`` 0-6).</extracomment>
        <translation>星期一</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staffing_plan.py" line="57"/>
        <source>Tuesday</source>
        <translation>星期二</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staffing_plan.py" line="58"/>
        <source>Wednesday</source>
        <translation>星期三</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staffing_plan.py" line="59"/>
        <source>Thursday</source>
        <translation>星期四</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staffing_plan.py" line="60"/>
        <source>Friday</source>
        <translation>星期五</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staffing_plan.py" line="61"/>
        <source>Saturday</source>
        <translation>星期六</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staffing_plan.py" line="62"/>
        <source>Sunday</source>
        <translation>星期日</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staffing_plan.py" line="276"/>
        <location filename="../../counterdesk/core/staffing.py" line="462"/>
        <source>the service level must be above 0 and at most 1, not {value!r}</source>
        <extracomment>A weekday-hour&apos;s own mean service time of a type is used from this many finished services on; below, the type&apos;s mean over the whole period (a handful of services is mostly noise).</extracomment>
        <translation>服务水平应大于 0 且不超过 1，而不是 {value!r}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staffing_plan.py" line="320"/>
        <source>no service was finished in the period: the service time is unknown</source>
        <translation>此期间没有完成的业务：办理时间未知</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staffing_plan.py" line="332"/>
        <source>no business type has a target wait</source>
        <translation>没有业务类型设置目标等候时间</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staffing.py" line="525"/>
        <source>more than {limit} counters would be needed for {load} Erlangs</source>
        <translation>{load} 爱尔兰的话务量需要超过 {limit} 个窗口</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staffing.py" line="549"/>
        <source>the number of counters must be 0 or more, not {value}</source>
        <translation>窗口数应不小于 0，而不是 {value}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/staffing.py" line="558"/>
        <source>the target wait must be 0 seconds or more, not {value!r}</source>
        <translation>目标等候时长应不小于 0 秒，而不是 {value!r}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="136"/>
        <source>arrivals</source>
        <extracomment>Renders a translatable text in the configured language. The columns of ``report kpi``: (name in CSV and JSON, translatable heading).</extracomment>
        <translation>到达</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="137"/>
        <source>served</source>
        <translation>已服务</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="138"/>
        <source>mean wait (s)</source>
        <translation>平均等候（秒）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="139"/>
        <source>median wait (s)</source>
        <translation>等候中位数（秒）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="140"/>
        <source>90% wait (s)</source>
        <translation>90% 等候（秒）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="141"/>
        <source>service level</source>
        <translation>服务水平</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="142"/>
        <source>walk-aways</source>
        <translation>离队</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="143"/>
        <source>mean service (s)</source>
        <translation>平均服务（秒）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="144"/>
        <source>mean handle (s)</source>
        <translation>平均处理（秒）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="145"/>
        <source>recalls</source>
        <translation>重呼</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="146"/>
        <source>transfers</source>
        <translation>转移</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="147"/>
        <source>holds</source>
        <translation>挂起</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="148"/>
        <source>satisfaction (0-100)</source>
        <translation>满意度（0-100）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="149"/>
        <source>rated</source>
        <translation>已评价</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="150"/>
        <source>SOP complete</source>
        <translation>流程完整</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="151"/>
        <source>overrides</source>
        <translation>授权放行</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="152"/>
        <source>serving (s)</source>
        <translation>服务（秒）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="153"/>
        <source>idle (s)</source>
        <translation>空闲（秒）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="154"/>
        <source>paused (s)</source>
        <translation>暂停（秒）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="161"/>
        <source>branch</source>
        <extracomment>The grouping column&apos;s heading in ``report kpi``&apos;s table and workbook, by dimension (``core.kpis.By``&apos;s values: the CSV and JSON keys).</extracomment>
        <translation>网点</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="162"/>
        <source>counter</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="164"/>
        <source>business type</source>
        <translation>业务类型</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="165"/>
        <source>hour</source>
        <translation>时段</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="166"/>
        <source>day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="167"/>
        <source>week</source>
        <translation>周</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="168"/>
        <source>month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_stars.py" line="125"/>
        <location filename="../../counterdesk/app/cli_report.py" line="270"/>
        <source>no head office configured: set [hq] url in the config</source>
        <translation>未配置总行：请在配置中设置 [hq] url</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_stars.py" line="280"/>
        <source>Star levels of {month} by {title} (policy {policy} version {version})</source>
        <translation>{month} 星级，依据《{title}》（规则 {policy} 第 {version} 版）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_stars.py" line="296"/>
        <source>{teller}: no level ({reason})</source>
        <translation>{teller}：无星级（{reason}）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_stars.py" line="300"/>
        <source>{teller}: {stars} of 5 stars (score {score}, served {served})</source>
        <translation>{teller}：{stars} 星（满分 5 星；得分 {score}，办理 {served} 笔）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_stars.py" line="306"/>
        <source>set by {by} instead of the computed {computed}: {reason}</source>
        <translation>由 {by} 设定，替代计算结果 {computed}：{reason}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_stars.py" line="315"/>
        <source>{dimension} / {figure}: value {value}, points {points}, share {share}, adds {contribution}</source>
        <translation>{dimension} / {figure}：数值 {value}，得分 {points}，权重 {share}，计入 {contribution}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="291"/>
        <source>--format xlsx writes a workbook: name the file with --out FILE</source>
        <translation>--format xlsx 会生成工作簿：请用 --out FILE 指定文件</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_staffing.py" line="134"/>
        <location filename="../../counterdesk/app/cli_report.py" line="281"/>
        <source>the period ends ({last}) before it starts</source>
        <extracomment>The level used when ``--level`` is not given.</extracomment>
        <translation>所选期间的结束日期（{last}）早于开始日期</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_stars.py" line="213"/>
        <location filename="../../counterdesk/app/cli_staffing.py" line="150"/>
        <location filename="../../counterdesk/app/cli_report.py" line="305"/>
        <source>unknown time zone {zone}</source>
        <translation>未知时区 {zone}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_staffing.py" line="245"/>
        <source>Counters needed at {branch}, from the business days {first} to {last} ({source})</source>
        <translation>{branch} 所需窗口数，依据营业日 {first} 至 {last}（{source}）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_staffing.py" line="258"/>
        <source>Target: {level} of customers called within the strictest target wait of the business types arriving in each hour</source>
        <translation>目标：{level} 的客户在各时段到达业务中最严格的目标等候时间内被叫号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_staffing.py" line="270"/>
        <source>No customers arrived in the period.</source>
        <translation>此期间没有客户到达。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_staffing.py" line="274"/>
        <source>weekday</source>
        <translation>星期</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_staffing.py" line="287"/>
        <source>Each figure is the counters Erlang C needs in that local hour (customers wait as long as it takes); an hour with no arrivals needs 0.</source>
        <translation>每个数字是按 Erlang C 模型在该本地时段所需的窗口数（假设客户一直等候）；没有客户到达的时段需要 0 个。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_staffing.py" line="299"/>
        <source>n (m): Erlang A, with the walk-aways measured (customers wait {patience} s on average before leaving), needs m counters.</source>
        <translation>n (m)：按 Erlang A 模型并计入实测流失（客户平均等候 {patience} 秒后离开），需要 m 个窗口。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="484"/>
        <source>Offered load: {load} Erlangs ({arrivals} arrivals per hour, {service} s per service)</source>
        <translation>业务量：{load} 爱尔兰（每小时到达 {arrivals} 人，每笔服务 {service} 秒）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="496"/>
        <source>Target: {level} of customers called within {target} s</source>
        <translation>目标：{level} 的客户在 {target} 秒内被叫号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="507"/>
        <source>Erlang C (nobody walks away):</source>
        <translation>Erlang C（无人离队）：</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="510"/>
        <source>Erlang A (customers walk away after {patience} s on average):</source>
        <translation>Erlang A（客户平均等候 {patience} 秒后离队）：</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="518"/>
        <source>counters needed: {counters}</source>
        <translation>所需窗口数：{counters}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="522"/>
        <source>service level: {level} called within {target} s</source>
        <translation>服务水平：{level} 在 {target} 秒内被叫号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="527"/>
        <source>mean wait: {wait} s</source>
        <translation>平均等候：{wait} 秒</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="531"/>
        <source>customers who wait: {share}</source>
        <translation>需要等候的客户：{share}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="538"/>
        <source>customers who walk away: {share}</source>
        <translation>离队的客户：{share}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/cli_report.py" line="544"/>
        <source>occupancy of the counters: {share}</source>
        <translation>窗口占用率：{share}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/manager_signin.py" line="39"/>
        <source>staff {staff_no} is a {role}; only a supervisor or an admin may open the manager&apos;s board</source>
        <translation>员工 {staff_no} 的角色为{role}；只有主管或管理员可以打开网点看板</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/staffing_history.py" line="33"/>
        <source>head office (every counter&apos;s records)</source>
        <extracomment>How each source is named to the manager.</extracomment>
        <translation>总行（所有窗口的记录）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/staffing_history.py" line="34"/>
        <source>this PC&apos;s own queue and journal</source>
        <translation>本机自己的队列和日志</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/export_files.py" line="67"/>
        <source>cannot write {file}: {why}</source>
        <extracomment>What one cell of an exported table may hold.</extracomment>
        <translation>无法写入 {file}：{why}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/export_files.py" line="75"/>
        <source>the folder does not exist</source>
        <translation>文件夹不存在</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/export_files.py" line="78"/>
        <source>permission denied (or the file is open in another program)</source>
        <translation>没有权限（或文件正被其他程序打开）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/export_files.py" line="83"/>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/export_files.py" line="85"/>
        <source>the file is too large for this disk</source>
        <translation>文件对此磁盘来说太大</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/export_files.py" line="87"/>
        <source>the disk is read-only</source>
        <translation>磁盘为只读</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/export_files.py" line="89"/>
        <source>a folder has that name</source>
        <translation>已有同名文件夹</translation>
    </message>
    <message>
        <location filename="../../counterdesk/services/export_files.py" line="91"/>
        <source>part of the path is not a folder</source>
        <translation>路径中有一部分不是文件夹</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/hq_report.py" line="142"/>
        <source>head office ({address}) cannot give the report: {reason}</source>
        <extracomment>A report&apos;s statements give up after this long on the server (a month of five branches takes well under a second; a stuck server should not hold the worker for ever).</extracomment>
        <translation>总行（{address}）无法提供报表：{reason}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/staffing_source.py" line="79"/>
        <location filename="../../counterdesk/app/stars_source.py" line="61"/>
        <source>head office cannot be reached: {reason}</source>
        <extracomment>``month (&quot;YYYY-MM&quot;) -&gt; MonthLevels``, called on the worker.</extracomment>
        <translation>无法连接总行：{reason}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/staffing_source.py" line="89"/>
        <source>head office could not read the history: {reason}</source>
        <translation>总行无法读取历史数据：{reason}</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/hq_stars.py" line="139"/>
        <source>star policy {policy} version {version} is already published with another text; raise its version</source>
        <translation>星级规则 {policy} 第 {version} 版已以不同内容公布；请提高版本号</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/hq_stars.py" line="151"/>
        <source>star policy {policy} has version {newest} at head office; version {version} is older</source>
        <translation>总行的星级规则 {policy} 已是第 {newest} 版；第 {version} 版更旧</translation>
    </message>
    <message>
        <location filename="../../counterdesk/sync/hq_stars.py" line="365"/>
        <source>{staff} is not a teller of {month}</source>
        <translation>{staff} 不是 {month} 的柜员</translation>
    </message>
    <message>
        <location filename="../../counterdesk/app/stars_source.py" line="77"/>
        <source>head office could not compute the star levels: {reason}</source>
        <translation>总行无法计算星级：{reason}</translation>
    </message>
</context>
<context>
    <name>export</name>
    <message>
        <location filename="../../counterdesk/ui/manager/export.py" line="310"/>
        <source>{heading} (continued)</source>
        <extracomment>The writer&apos;s resolution (see the module&apos;s docstring). CJK fonts to fall back on, by name, should the system&apos;s default font lack Chinese. Table font sizes tried, in points, before a wide table is split into column bands. Charts take the full width at this height. Padding of a table cell, left and right, and above and below the text. Extra room a wrapped heading needs on top of its advance. A text column (names) is never wider than this; longer text is cut with an ellipsis. Painting one thing on a page.</extracomment>
        <translation>{heading}（续）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/export.py" line="322"/>
        <source>No rows.</source>
        <translation>无数据行。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/manager/export.py" line="449"/>
        <source>Page {page} of {pages}</source>
        <translation>第 {page} 页，共 {pages} 页</translation>
    </message>
</context>
<context>
    <name>head_office</name>
    <message>
        <location filename="../../counterdesk/ui/head_office.py" line="219"/>
        <source>Head office: syncing…</source>
        <extracomment>How often the timer asks whether a sync is due (the plan is in wall-clock time, so a PC that slept past it syncs at the next check). How long closing the program waits for a running sync to stop.</extracomment>
        <translation>总行：正在同步…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/head_office.py" line="221"/>
        <source>Head office: checking…</source>
        <translation>总行：正在检查…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/head_office.py" line="223"/>
        <source>Head office: another sync is running, checking again %1</source>
        <translation>总行：另一次同步正在进行，%1 再次检查</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/head_office.py" line="227"/>
        <source>Head office: not synced yet, first sync %1</source>
        <translation>总行：尚未同步，首次同步 %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/head_office.py" line="231"/>
        <source>Head office: synced %1</source>
        <translation>总行：已同步 %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/head_office.py" line="235"/>
        <source>Head office: sync failed %1, retry %2</source>
        <translation>总行：同步失败 %1，%2 重试</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/head_office.py" line="244"/>
        <source>catching up</source>
        <translation>补同步</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/head_office.py" line="245"/>
        <source>nightly</source>
        <translation>夜间</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/head_office.py" line="246"/>
        <source>retry after a failure</source>
        <translation>失败后重试</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/head_office.py" line="247"/>
        <source>after the other running sync</source>
        <translation>等待另一次同步结束后</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/head_office.py" line="250"/>
        <source>asked for</source>
        <translation>手动请求</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <location filename="../../counterdesk/ui/messages.py" line="38"/>
        <source>Something went wrong; the action was not done. Details are in the log.</source>
        <translation>系统异常，操作未完成。详情请查看日志。</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/messages.py" line="130"/>
        <source>, </source>
        <comment>between the items of a list</comment>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>pause</name>
    <message>
        <location filename="../../counterdesk/ui/messages.py" line="139"/>
        <source>Lunch</source>
        <extracomment>Why a counter pauses: the key stored in the journal, and its label (context &quot;pause&quot;).</extracomment>
        <translation>午餐</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/messages.py" line="140"/>
        <source>Meeting</source>
        <translation>开会</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/messages.py" line="141"/>
        <source>Cash replenishment</source>
        <translation>现金加钞</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/messages.py" line="142"/>
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/messages.py" line="143"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>stars</name>
    <message>
        <location filename="../../counterdesk/core/stars.py" line="80"/>
        <source>Mean rating on a 0-100 scale</source>
        <extracomment>Every figure a policy may use, computed per teller and month from the KPIs (docs/kpis.md).</extracomment>
        <translation>平均评价（百分制）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/stars.py" line="85"/>
        <source>Share of ratings that were satisfied</source>
        <translation>满意评价占比</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/stars.py" line="90"/>
        <source>Share of the teller&apos;s customers called within target</source>
        <translation>该柜员的客户在目标时间内被叫号的占比</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/stars.py" line="95"/>
        <source>Mean service time against the business types&apos; norms (100 = on norm)</source>
        <translation>平均服务时长与各业务类型标准之比（100 = 符合标准）</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/stars.py" line="102"/>
        <source>Share of services with every mandatory step done</source>
        <translation>完成全部必办步骤的业务占比</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/stars.py" line="107"/>
        <source>Share of services transferred to another counter</source>
        <translation>转至其他窗口的业务占比</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/stars.py" line="112"/>
        <source>Business types served</source>
        <translation>办理的业务类型数</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/stars.py" line="114"/>
        <source>Services finished</source>
        <translation>办结业务笔数</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/stars.py" line="118"/>
        <source>Share of signed-in time idle with customers waiting</source>
        <translation>签到时间中有客户等候却空闲的占比</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/stars.py" line="123"/>
        <source>Share of signed-in time paused</source>
        <translation>签到时间中暂停服务的占比</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/stars.py" line="128"/>
        <source>Finishes with an open mandatory step authorised</source>
        <translation>经授权在必办步骤未完成时办结的笔数</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/stars.py" line="133"/>
        <source>Low ratings that gave the teller&apos;s attitude as a reason</source>
        <translation>以服务态度为原因的差评数</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/stars.py" line="138"/>
        <source>Audit findings against the teller</source>
        <translation>针对该柜员的审计发现</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/stars.py" line="481"/>
        <source>Served {served} this month, fewer than the {minimum} a level needs</source>
        <translation>本月办理 {served} 笔，少于评定星级所需的 {minimum} 笔</translation>
    </message>
    <message>
        <location filename="../../counterdesk/core/stars.py" line="484"/>
        <source>No figure of the policy has data this month</source>
        <translation>本月没有任何评定指标的数据</translation>
    </message>
</context>
</TS>
